namespace Switchyard.Protocol.Auth;

/// <summary>The outcome of authenticating one request.</summary>
public abstract record AuthResult
{
    // Closed hierarchy: only the two outcomes below exist.
    private AuthResult()
    {
    }

    /// <summary>The caller is known: state is read and written in <paramref name="AccountId"/> / <paramref name="Region"/>.</summary>
    public sealed record Success(string AccessKeyId, string AccountId, string Region) : AuthResult;

    /// <summary>
    /// The request is refused. <paramref name="ErrorCode"/> is the AWS JSON <c>__type</c> (e.g.
    /// <c>InvalidSignatureException</c>), <paramref name="Message"/> the <c>message</c>, and
    /// <paramref name="StatusCode"/> the HTTP status to answer with.
    /// </summary>
    public sealed record Failure(string ErrorCode, string Message, int StatusCode) : AuthResult;
}
