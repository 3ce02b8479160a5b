using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Switchyard.LoadGen;

/// <summary>A minimal signed EventBridge client over one pooled HttpClient (connections up to the concurrency).</summary>
public sealed class EventsClient : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonContentType = MediaTypeHeaderValue.Parse("application/x-amz-json-1.1");
    private readonly HttpClient _http;
    private readonly SigV4RequestSigner _signer;
    private readonly Uri _endpoint;
    private readonly string _host;

    public EventsClient(LoadOptions options, int connections)
    {
        _endpoint = options.Endpoint;
        _host = _endpoint.IsDefaultPort ? _endpoint.Host : $"{_endpoint.Host}:{_endpoint.Port}";
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

    public async Task<Result> CallAsync(string operation, byte[] body, CancellationToken cancellation = default)
    {
        var target = $"AWSEvents.{operation}";
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint);
        request.Version = HttpVersion.Version11;
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = JsonContentType;
        var authorization = _signer.Authorization(_host, target, DateTimeOffset.UtcNow, body, out var amzDate);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellation);
        return new Result((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(cancellation));
    }

    public void Dispose() => _http.Dispose();
}
