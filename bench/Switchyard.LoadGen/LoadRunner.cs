using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace Switchyard.LoadGen;

/// <summary>
/// Sends signed PutEvents requests for a bounded time: closed loop (a fixed number of requests in flight, each sent
/// when the previous one answered: the most the server does) or open loop (requests sent on a fixed schedule
/// whatever the answers: latency at a given load, timed from the scheduled send so a stalled server cannot hide its
/// stall by slowing the sender down). Requests of the warm-up are sent but not counted.
/// </summary>
public sealed class LoadRunner(EventsClient client, LoadOptions options)
{
    /// <summary>Open loop: requests allowed in flight before further scheduled ones are dropped (and counted).</summary>
    private const int OpenLoopInFlightLimit = 2048;

    private readonly LatencyRecorder _latency = new(4_000_000);
    private readonly ConcurrentDictionary<string, long> _errors = new();
    private long _issued;
    private long _measuredRequests;
    private long _measuredOk;
    private long _measuredEvents;
    private long _allEvents;
    private long _dropped;
    private long _measureFrom;

    public async Task<LoadResult> RunAsync(Action? onMeasuringStarts = null)
    {
        var start = Stopwatch.GetTimestamp();
        _measureFrom = start + (long)(options.Warmup.TotalSeconds * Stopwatch.Frequency);
        var stopAt = _measureFrom + (long)(options.Duration.TotalSeconds * Stopwatch.Frequency);
        using var measuring = new Timer(_ => onMeasuringStarts?.Invoke(), null, options.Warmup, Timeout.InfiniteTimeSpan);

        if (options.Mode == LoadMode.Closed)
            await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(_ => Task.Run(() => ClosedLoopWorkerAsync(stopAt))));
        else
            await OpenLoopAsync(stopAt);

        var measuredSeconds = Stopwatch.GetElapsedTime(_measureFrom, Math.Max(_measureFrom, Math.Min(Stopwatch.GetTimestamp(), stopAt))).TotalSeconds;
        return new LoadResult(
            options.Label,
            options.Mode.ToString().ToLowerInvariant(),
            options.Mode == LoadMode.Closed ? options.Concurrency : options.Rate,
            options.EntriesPerRequest,
            measuredSeconds,
            _measuredRequests,
            _measuredOk,
            _measuredEvents,
            Interlocked.Read(ref _allEvents),
            _dropped,
            new SortedDictionary<string, long>(_errors),
            _latency.Summarise());
    }

    private async Task ClosedLoopWorkerAsync(long stopAt)
    {
        while (Stopwatch.GetTimestamp() < stopAt && Interlocked.Increment(ref _issued) <= options.MaxRequests)
            await SendAsync(Stopwatch.GetTimestamp());
    }

    private async Task OpenLoopAsync(long stopAt)
    {
        var interval = Stopwatch.Frequency / options.Rate;
        var inFlight = new List<Task>();
        var running = 0;
        var next = (double)Stopwatch.GetTimestamp();
        while (next < stopAt && _issued < options.MaxRequests)
        {
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), (long)next);
            if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
            // Send everything that is due (after a late wake-up, several), each timed from its own scheduled moment.
            while (next <= Stopwatch.GetTimestamp() && next < stopAt && _issued < options.MaxRequests)
            {
                var scheduled = (long)next;
                next += interval;
                _issued++;
                if (Volatile.Read(ref running) >= OpenLoopInFlightLimit)
                {
                    if (scheduled >= _measureFrom) Interlocked.Increment(ref _dropped);
                    continue;
                }
                Interlocked.Increment(ref running);
                inFlight.Add(Task.Run(async () =>
                {
                    try
                    {
                        await SendAsync(scheduled);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref running);
                    }
                }));
                if (inFlight.Count > 4096) inFlight.RemoveAll(t => t.IsCompleted);
            }
        }
        await Task.WhenAll(inFlight).WaitAsync(TimeSpan.FromSeconds(60));
    }

    private async Task SendAsync(long scheduled)
    {
        var sequence = Interlocked.Increment(ref _measuredSequence);
        var body = Workload.PutEventsBody(options.Bus, options.EntriesPerRequest, sequence);
        var measured = scheduled >= _measureFrom;
        try
        {
            var result = await client.CallAsync("PutEvents", body, spread: true);
            var accepted = result.Ok ? options.EntriesPerRequest - FailedEntryCount(result.Body) : 0;
            Interlocked.Add(ref _allEvents, accepted);
            if (!measured) return;
            _latency.RecordSince(scheduled);
            Interlocked.Increment(ref _measuredRequests);
            if (result.Ok && accepted == options.EntriesPerRequest)
            {
                Interlocked.Increment(ref _measuredOk);
            }
            else
            {
                _errors.AddOrUpdate(result.Ok ? "FailedEntries" : result.ErrorType ?? "?", 1, (_, n) => n + 1);
            }
            Interlocked.Add(ref _measuredEvents, accepted);
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException or IOException)
        {
            if (!measured) return;
            Interlocked.Increment(ref _measuredRequests);
            _errors.AddOrUpdate(error.GetType().Name, 1, (_, n) => n + 1);
        }
    }

    private long _measuredSequence;

    private static int FailedEntryCount(byte[] body)
    {
        var reader = new Utf8JsonReader(body);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("FailedEntryCount"u8))
            {
                reader.Read();
                return reader.GetInt32();
            }
            if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject && reader.CurrentDepth >= 1) reader.Skip();
        }
        return 0;
    }
}

/// <summary>One run's figures; latencies in milliseconds.</summary>
public sealed record LoadResult(
    string Label,
    string Mode,
    double Load,
    int EntriesPerRequest,
    double Seconds,
    long Requests,
    long OkRequests,
    long Events,
    long EventsIncludingWarmup,
    long Dropped,
    SortedDictionary<string, long> Errors,
    LatencyRecorder.Summary Latency)
{
    public double RequestsPerSecond => Seconds > 0 ? Requests / Seconds : 0;
    public double EventsPerSecond => Seconds > 0 ? Events / Seconds : 0;
}
