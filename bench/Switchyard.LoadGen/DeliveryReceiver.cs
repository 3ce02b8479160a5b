using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Switchyard.LoadGen;

/// <summary>
/// The Lambda function URL the sink rule delivers to: Kestrel on loopback, answering 200 to every POST and timing
/// each event from the <c>detail.sentAt</c> stamp the sender put in it (same process, same Stopwatch).
/// </summary>
public sealed class DeliveryReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _measuring;

    public LatencyRecorder Latency { get; } = new(4_000_000);
    public long Received => Interlocked.Read(ref _received);
    public long Unreadable => Interlocked.Read(ref _unreadable);
    private long _received;
    private long _unreadable;

    private DeliveryReceiver(WebApplication app) => _app = app;

    public static async Task<DeliveryReceiver> StartAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var receiver = new DeliveryReceiver(app);
        app.MapPost("/{**path}", receiver.HandleAsync);
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Deliveries before this are warm-up: counted, not timed.</summary>
    public void StartMeasuring() => Interlocked.Exchange(ref _measuring, 1);

    private async Task HandleAsync(HttpContext context)
    {
        var arrived = Stopwatch.GetTimestamp();
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        Interlocked.Increment(ref _received);
        if (body.RootElement.TryGetProperty("detail", out var detail)
            && detail.TryGetProperty("sentAt", out var sentAt) && sentAt.TryGetInt64(out var sent))
        {
            if (Interlocked.Read(ref _measuring) == 1) Latency.Record(Stopwatch.GetElapsedTime(sent, arrived));
        }
        else
        {
            Interlocked.Increment(ref _unreadable);
        }
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
