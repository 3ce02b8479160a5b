namespace Switchyard.Domain.Connections;

/// <summary>The ConnectionState values this server uses (the model's enum has a few more transitional ones).</summary>
public static class ConnectionStates
{
    public const string Authorized = "AUTHORIZED";
    public const string Authorizing = "AUTHORIZING";
    public const string Deauthorized = "DEAUTHORIZED";
    public const string Deauthorizing = "DEAUTHORIZING";
    public const string Deleting = "DELETING";
}
