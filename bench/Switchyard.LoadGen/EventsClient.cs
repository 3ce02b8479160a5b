using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Switchyard.LoadGen;

/// <summary>A minimal signed EventBridge client over one pooled HttpClient (connections up to the concurrency per
/// endpoint). Calls go to the first endpoint; calls marked <c>spread</c> go round-robin to every load endpoint.</summary>
public sealed class EventsClient : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonContentType = MediaTypeHeaderValue.Parse("application/x-amz-json-1.1");
    private readonly HttpClient _http;
    private readonly SigV4RequestSigner _signer;
    private readonly (Uri Endpoint, string Host)[] _endpoints;
    private long _next;

    public EventsClient(LoadOptions options, int connections)
    {
        _endpoints = [.. (options.LoadEndpoints.Count > 0 ? options.LoadEndpoints : [options.Endpoint])
            .Select(e => (e, e.IsDefaultPort ? e.Host : $"{e.Host}:{e.Port}"))];
        _signer = new SigV4RequestSigner(options.AccessKey, options.SecretKey, options.Region);
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public sealed record Result(int Status, byte[] Body)
    {
        public bool Ok => Status == 200;

        public string? ErrorType
        {
            get
            {
                if (Ok) return null;
                try
                {
                    using var doc = JsonDocument.Parse(Body);
                    return doc.RootElement.TryGetProperty("__type", out var type) ? type.GetString() : $"HTTP {Status}";
                }
                catch (JsonException)
                {
                    return $"HTTP {Status}";
                }
            }
        }

        public string Text => System.Text.Encoding.UTF8.GetString(Body);
    }

    public async Task<Result> CallAsync(string operation, byte[] body, bool spread = false, CancellationToken cancellation = default)
    {
        var target = $"AWSEvents.{operation}";
        var (endpoint, host) = spread ? _endpoints[(int)(Interlocked.Increment(ref _next) % _endpoints.Length)] : _endpoints[0];
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
        request.Version = HttpVersion.Version11;
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = JsonContentType;
        var authorization = _signer.Authorization(host, target, DateTimeOffset.UtcNow, body, out var amzDate);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellation);
        return new Result((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(cancellation));
    }

    public void Dispose() => _http.Dispose();
}
