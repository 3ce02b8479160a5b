namespace Switchyard.Domain.Connections;

/// <summary>
/// Authorizes an OAuth connection after it was created or its credentials changed: fetches a token from its
/// authorization endpoint in the background and records AUTHORIZED or DEAUTHORIZED, as AWS moves a connection on
/// from AUTHORIZING.
/// </summary>
public interface IConnectionAuthorizer
{
    void BeginAuthorization(Connection connection);

    /// <summary>Forgets anything cached for the connection (its token), after it was deauthorized or deleted.</summary>
    void Forget(Connection connection);
}
