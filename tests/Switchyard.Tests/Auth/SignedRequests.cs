using System.Text;
using Switchyard.Protocol.Auth;

namespace Switchyard.Tests.Auth;

/// <summary>Small builders for requests in tests.</summary>
internal static class SignedRequests
{
    public static SignedRequestView Post(string body = "{}", string query = "", params (string Name, string Value)[] headers) =>
        new("POST", "/", query,
            headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)).ToList(),
            Encoding.UTF8.GetBytes(body));

    public static SignedRequestView WithHeader(this SignedRequestView request, string name, string value) =>
        request with { Headers = [.. request.Headers.Where(h => !h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)), new(name, value)] };

    public static SignedRequestView WithoutHeader(this SignedRequestView request, string name) =>
        request with { Headers = [.. request.Headers.Where(h => !h.Key.Equals(name, StringComparison.OrdinalIgnoreCase))] };

    public static string Header(this SignedRequestView request, string name) =>
        request.Headers.First(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>Signs a request with Switchyard's own signer (for scenarios no fixture covers).</summary>
    public static SignedRequestView SignedWith(
        this SignedRequestView request, string accessKeyId, string secret, string amzDate, string region = "us-east-1",
        string service = "events", string[]? signedHeaders = null, string? token = null)
    {
        request = request.WithHeader("X-Amz-Date", amzDate);
        if (token is not null)
            request = request.WithHeader("X-Amz-Security-Token", token);
        signedHeaders ??= [.. request.Headers.Select(h => h.Key.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal)];
        var computed = SigV4Signer.Compute(request, signedHeaders, presigned: false, amzDate, amzDate[..8], region, service, secret);
        return request.WithHeader("Authorization",
            $"AWS4-HMAC-SHA256 Credential={accessKeyId}/{amzDate[..8]}/{region}/{service}/aws4_request, " +
            $"SignedHeaders={string.Join(';', signedHeaders)}, Signature={computed.Signature}");
    }
}
