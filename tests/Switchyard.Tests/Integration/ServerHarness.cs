using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Switchyard.Hosting;
using Switchyard.Protocol.Auth;
using Switchyard.Settings;

namespace Switchyard.Tests.Integration;

/// <summary>
/// A real server on a loopback port (Kestrel, in this process) and a client that signs its requests with SigV4,
/// as an AWS SDK would.
/// </summary>
public sealed class ServerHarness : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _http = new();

    private ServerHarness(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="configure">Changes to the server's services before it is built (test doubles).</param>
    public static async Task<ServerHarness> StartAsync(ServerOptions? options = null, TimeProvider? time = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        options ??= new ServerOptions { InMemory = true };
        options = options with { Port = 0, LogLevel = "Warning" };
        var app = ServerApp.Build(options, time, configure);
        await app.StartAsync();
        return new ServerHarness(app, new Uri(app.Urls.First()));
    }

    /// <summary>Calls an operation as <paramref name="accessKeyId"/> (a 12-digit key is the account in open mode).</summary>
    public async Task<Response> CallAsync(string operation, object? body, string accessKeyId = "123456789012",
        string secret = "secret", string region = "us-east-1", DateTimeOffset? signedAt = null)
    {
        var json = body switch
        {
            null => "{}",
            string raw => raw,
            JsonElement element => element.GetRawText(),
            _ => throw new ArgumentException("pass the body as JSON text"),
        };
        return await CallBytesAsync(operation, Encoding.UTF8.GetBytes(json), accessKeyId, secret, region, signedAt);
    }

    /// <summary>As the text overload, with the body's exact bytes (which need not be UTF-8 or JSON).</summary>
    public async Task<Response> CallBytesAsync(string operation, byte[] bytes, string accessKeyId = "123456789012",
        string secret = "secret", string region = "us-east-1", DateTimeOffset? signedAt = null)
    {
        var when = signedAt ?? DateTimeOffset.UtcNow;
        var amzDate = when.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'");
        var date = amzDate[..8];
        var host = $"{BaseAddress.Host}:{BaseAddress.Port}";
        var headers = new List<KeyValuePair<string, string>>
        {
            new("content-type", "application/x-amz-json-1.1"),
            new("host", host),
            new("x-amz-date", amzDate),
            new("x-amz-target", $"AWSEvents.{operation}"),
        };
        var signedHeaders = headers.Select(h => h.Key).ToList();
        var computation = SigV4Signer.Compute(new SignedRequestView("POST", "/", "", headers, bytes), signedHeaders,
            presigned: false, amzDate, date, region, "events", secret);

        using var request = new HttpRequestMessage(HttpMethod.Post, BaseAddress);
        request.Content = new ByteArrayContent(bytes);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", $"AWSEvents.{operation}");
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={accessKeyId}/{date}/{region}/events/aws4_request, SignedHeaders={string.Join(';', signedHeaders)}, Signature={computation.Signature}");
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Response((int)response.StatusCode, text, response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.First() : null);
    }

    public async Task<HttpResponseMessage> PostRawAsync(string path, HttpContent? content, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseAddress, path)) { Content = content };
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return await _http.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public sealed record Response(int Status, string Body, string? RequestId)
    {
        public JsonElement Json => JsonDocument.Parse(Body.Length == 0 ? "{}" : Body).RootElement;
        public string? ErrorType => Status == 200 ? null : Json.GetProperty("__type").GetString();
        public string? ErrorMessage => Json.TryGetProperty("message", out var m) ? m.GetString() : null;
    }
}
