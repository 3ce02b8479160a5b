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
public sealed record SignedRequestView(
    string Method,
    string Path,
    string QueryString,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    ReadOnlyMemory<byte> Body);
