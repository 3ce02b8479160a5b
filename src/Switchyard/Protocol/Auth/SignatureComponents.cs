namespace Switchyard.Protocol.Auth;

/// <summary>
/// Everything the parser extracted from one request's signature, beyond the public
/// <see cref="ParsedAuthorization"/>: the parts only verification needs.
/// </summary>
/// <param name="Terminator">The fifth credential element, which must be <c>aws4_request</c>.</param>
/// <param name="IsPresigned">The signature came from query parameters rather than the Authorization header.</param>
/// <param name="ExpiresSeconds">X-Amz-Expires of a presigned request; null when absent or not presigned.</param>
/// <param name="Time">The signed timestamp (<see cref="ParsedAuthorization.AmzDate"/>) as a point in time.</param>
internal sealed record SignatureComponents(
    ParsedAuthorization Authorization,
    string Terminator,
    bool IsPresigned,
    int? ExpiresSeconds,
    DateTimeOffset Time);
