namespace Switchyard.Protocol.Auth;

/// <summary>A syntactically valid SigV4 signature, from the Authorization header or presigned query parameters.</summary>
/// <param name="SignedHeaders">Header names exactly as the client listed them (lower-case by convention).</param>
/// <param name="Signature">The hex signature as sent.</param>
/// <param name="AmzDate">Request time in ISO-8601 basic format (<c>yyyyMMdd'T'HHmmss'Z'</c>), the value that was signed.</param>
/// <param name="SecurityToken">The session token (<c>X-Amz-Security-Token</c>) if one was sent.</param>
public sealed record ParsedAuthorization(
    SigV4Credential Credential,
    IReadOnlyList<string> SignedHeaders,
    string Signature,
    string AmzDate,
    string? SecurityToken);
