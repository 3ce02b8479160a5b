using System.Net;

namespace Switchyard.Delivery.ApiDestinations;

/// <summary>
/// The one HTTP client that calls API destinations and OAuth authorization endpoints: pooled connections, gzip and
/// deflate answers accepted, and no cookies (each call stands on its own, as on AWS). Time limits are per call.
/// </summary>
public sealed class ApiDestinationHttpClient : IDisposable
{
    public ApiDestinationHttpClient(HttpMessageHandler? handler = null)
    {
        handler ??= new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        };
        Http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public HttpClient Http { get; }

    public void Dispose() => Http.Dispose();
}
