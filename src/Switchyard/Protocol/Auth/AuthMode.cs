namespace Switchyard.Protocol.Auth;

/// <summary>How strictly requests are authenticated.</summary>
public enum AuthMode
{
    /// <summary>
    /// A well-formed SigV4 Authorization is required but its signature is not checked and any key is
    /// accepted, as LocalStack and moto do: the key only picks the account.
    /// </summary>
    Open,

    /// <summary>Keys must be configured and signatures are verified exactly as AWS does.</summary>
    Strict,
}
