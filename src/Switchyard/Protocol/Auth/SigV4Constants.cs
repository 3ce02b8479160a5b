namespace Switchyard.Protocol.Auth;

/// <summary>Fixed strings of the SigV4 protocol.</summary>
internal static class SigV4Constants
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string Terminator = "aws4_request";

    /// <summary>The signing name of EventBridge: its credential scope says <c>events</c>, not <c>eventbridge</c>.</summary>
    public const string EventsService = "events";

    public const string AuthorizationHeader = "authorization";
    public const string AmzDateHeader = "x-amz-date";
    public const string DateHeader = "date";
    public const string SecurityTokenHeader = "x-amz-security-token";
    public const string ContentSha256Header = "x-amz-content-sha256";
    public const string HostHeader = "host";

    public const string AlgorithmParameter = "X-Amz-Algorithm";
    public const string CredentialParameter = "X-Amz-Credential";
    public const string SignatureParameter = "X-Amz-Signature";
    public const string SignedHeadersParameter = "X-Amz-SignedHeaders";
    public const string DateParameter = "X-Amz-Date";
    public const string ExpiresParameter = "X-Amz-Expires";
    public const string SecurityTokenParameter = "X-Amz-Security-Token";

    /// <summary>The longest validity a presigned request may ask for (7 days), as on AWS.</summary>
    public const int MaxPresignExpiresSeconds = 604800;
}
