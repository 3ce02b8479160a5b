namespace Switchyard.Protocol.Auth;

/// <summary>
/// The parts of an HTTP request that SigV4 covers, independent of any HTTP framework.
/// </summary>
/// <param name="Method">HTTP method as received, e.g. <c>POST</c>.</param>
/// <param name="Path">
/// The raw (still percent-encoded) request path as it appeared on the request line, e.g. <c>/</c>.
/// Clients sign the path they send, so a decoded path (ASP.NET Core's <c>Request.Path</c>) would not
/// match for anything but plain ASCII; pass the raw target (<c>IHttpRequestFeature.RawTarget</c> without its query).
/// </param>
/// <param name="QueryString">The raw query string without the leading <c>?</c>; empty when there is none.</param>
/// <param name="Headers">Headers as received: names case-insensitive, a name may repeat.</param>
/// <param name="Body">The exact body bytes.</param>
/// <param name="BodySha256">
/// The body's SHA-256 in lower-case hex when the HTTP layer computed it while reading the body (one pass over the
/// bytes as they arrive); null to have it computed from <paramref name="Body"/>.
/// </param>
public sealed record SignedRequestView(
    string Method,
    string Path,
    string QueryString,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    ReadOnlyMemory<byte> Body,
    string? BodySha256 = null);
