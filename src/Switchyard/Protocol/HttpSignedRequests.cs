using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Switchyard.Protocol.Auth;

namespace Switchyard.Protocol;

/// <summary>The SigV4 view of an ASP.NET request, shared by the API endpoint and the admin endpoints.</summary>
public static class HttpSignedRequests
{
    public static SignedRequestView From(HttpContext http, RequestBody body)
    {
        // Clients sign the path and query exactly as sent, so use the raw request target, not the decoded path.
        var rawTarget = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path.Value ?? "/";
        var queryStart = rawTarget.IndexOf('?');
        var headers = new List<KeyValuePair<string, string>>(http.Request.Headers.Count);
        foreach (var (name, values) in http.Request.Headers)
        {
            foreach (var value in values) headers.Add(new(name, value ?? ""));
        }
        return new SignedRequestView(
            http.Request.Method,
            queryStart < 0 ? rawTarget : rawTarget[..queryStart],
            queryStart < 0 ? "" : rawTarget[(queryStart + 1)..],
            headers,
            body.Bytes,
            body.Sha256);
    }

    /// <summary>Whether the request carries a SigV4 signature at all (header or presigned query).</summary>
    public static bool IsSigned(HttpRequest request) =>
        request.Headers.ContainsKey("Authorization") || request.Query.ContainsKey("X-Amz-Algorithm");
}
