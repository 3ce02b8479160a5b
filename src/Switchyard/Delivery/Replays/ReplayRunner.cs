using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Switchyard.Delivery.Archives;
using Switchyard.Delivery.Dispatch;
using Switchyard.Delivery.Journal;
using Switchyard.Domain;
using Switchyard.Domain.Buses;
using Switchyard.Domain.Replays;
using Switchyard.Domain.Routing;
using Switchyard.Domain.Rules;
using Switchyard.Settings;
using Switchyard.Storage.Leases;

namespace Switchyard.Delivery.Replays;

/// <summary>
/// Runs replays in the background (never inside StartReplay), while this process holds the <c>replays</c> lease: one
/// task per active replay. A replay reads its archive one minute of event time after another, page by page, and puts
/// each event, with its <c>replay-name</c>, on the destination bus through the ordinary path (matching, journal,
/// targets with their transformers, retries and dead-letter queues), restricted to the rules of FilterArns. After a
/// minute is journaled its end is stored as EventLastReplayedTime, so a restart (or another node, when this one dies)
/// resumes at the next unfinished minute: a minute half done before a crash is done again (at least once).
/// </summary>
public sealed class ReplayRunner : BackgroundService
{
    /// <summary>AWS replays "on one minute intervals" of event time.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    /// <summary>Consecutive failures of one replay (the journal or archive unreadable) before it is FAILED.</summary>
    public const int MaxConsecutiveFailures = 5;

    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RecheckEvery = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan BackPressurePause = TimeSpan.FromMilliseconds(20);
    // Empty minutes are recorded at most this often (every minute with events is recorded at once): a replay over a
    // long quiet range would otherwise commit to the store for each of its minutes.
    private static readonly TimeSpan QuietProgressEvery = TimeSpan.FromSeconds(1);

    private readonly ReplayCatalog _replays;
    private readonly IReplayArchives _archives;
    private readonly IArchiveReader _reader;
    private readonly EventIngestor _ingestor;
    private readonly EventBusCatalog _buses;
    private readonly IEventJournal _journal;
    private readonly DeliveryQueue _queue;
    private readonly DeliveryOptions _delivery;
    private readonly ReplayOptions _options;
    private readonly LeaseKeeper _leases;
    private readonly TimeProvider _time;
    private readonly ILogger<ReplayRunner> _logger;
    private readonly ConcurrentDictionary<(AccountRegion Scope, string Name), Task> _running = new();
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);

    public ReplayRunner(ReplayCatalog replays, IReplayArchives archives, IArchiveReader reader, EventIngestor ingestor,
        EventBusCatalog buses, IEventJournal journal, DeliveryQueue queue, DeliveryOptions delivery, ReplayOptions options,
        LeaseKeeper leases, TimeProvider time, ILogger<ReplayRunner> logger)
    {
        _replays = replays;
        _archives = archives;
        _reader = reader;
        _ingestor = ingestor;
        _buses = buses;
        _journal = journal;
        _queue = queue;
        _delivery = delivery;
        _options = options;
        _leases = leases;
        _time = time;
        _logger = logger;
        // A replay started (here or on another node) wakes the loop at once instead of at its next check.
        _replays.Observe((_, after) =>
        {
            if (after is { IsActive: true }) _wake.Release();
        });
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            if (_leases.Holds(LeaseNames.Replays))
            {
                foreach (var replay in _replays.All)
                {
                    if (!replay.IsActive) continue;
                    var key = (replay.Scope, replay.Name);
                    if (_running.ContainsKey(key)) continue;
                    _running[key] = Task.Run(async () =>
                    {
                        var again = true;
                        try
                        {
                            await RunAsync(replay.Scope, replay.Name, stoppingToken);
                        }
                        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                        {
                            // Stopping: the replay stays active, and resumes from its recorded progress.
                        }
                        catch (Exception error) when (error is not OutOfMemoryException)
                        {
                            _logger.LogError(error, "replay {Account}/{Region}/{Name} stopped; it resumes at the next check", replay.AccountId, replay.Region, replay.Name);
                            again = false;
                        }
                        finally
                        {
                            _running.TryRemove(key, out _);
                            // It may have ended because it was cancelled and restarted meanwhile: look again (after an
                            // error, only at the next regular check, so a lasting fault does not spin).
                            if (again) _wake.Release();
                        }
                    }, CancellationToken.None);
                }
            }
            try
            {
                await Task.WhenAny(_wake.WaitAsync(stoppingToken), _leases.WhenChanged(), Task.Delay(RecheckEvery, stoppingToken));
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        await Task.WhenAll(_running.Values);
    }

    private async Task RunAsync(AccountRegion scope, string name, CancellationToken stop)
    {
        var failures = 0;
        DateTimeOffset? cursor = null;
        long recordedAt = 0;
        while (!stop.IsCancellationRequested && _leases.Holds(LeaseNames.Replays))
        {
            if (!_replays.TryGet(scope, name, out var replay) || !replay.IsActive) return;
            cursor ??= replay.EventLastReplayedTime ?? replay.EventStartTime;
            if (replay.State == ReplayStates.Cancelling)
            {
                Finish(replay, ReplayStates.Cancelled, cursor, reason: null);
                return;
            }
            if (replay.State == ReplayStates.Starting)
            {
                _replays.Update(scope, name, r => r.State == ReplayStates.Starting ? r with { State = ReplayStates.Running } : r);
                continue;
            }
            if (!_archives.TryFind(replay.EventSourceArn, out var source))
            {
                Finish(replay, ReplayStates.Failed, cursor, $"Archive {ReplayArns.ArchiveNameOf(replay.EventSourceArn)} does not exist.");
                return;
            }
            if (!_buses.TryGet(source.Scope, source.SourceBusName, out _))
            {
                Finish(replay, ReplayStates.Failed, cursor, $"Event bus {source.SourceBusName} does not exist.");
                return;
            }
            if (cursor >= replay.EventEndTime)
            {
                Finish(replay, ReplayStates.Completed, replay.EventEndTime, reason: null);
                continue; // a CancelReplay that came first leaves it CANCELLING: the next turn ends it as CANCELLED
            }
            var to = Min(cursor.Value + Interval, replay.EventEndTime);
            int replayed;
            try
            {
                replayed = await ReplayRangeAsync(replay, source, cursor.Value, to, stop);
                failures = 0;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                failures++;
                _logger.LogWarning(error, "replay {Replay}: minute from {From:O} failed (attempt {Attempt} of {Max})", replay.Arn, cursor, failures, MaxConsecutiveFailures);
                if (failures >= MaxConsecutiveFailures)
                {
                    Finish(replay, ReplayStates.Failed, cursor, Truncate(error.Message, 512));
                    return;
                }
                await Delay(RetryPause, stop);
                continue;
            }
            if (replayed < 0) continue; // stopped at a page: cancelled, or the lease is gone; the next turn tells which
            cursor = to;
            var now = Stopwatch.GetTimestamp();
            if (replayed > 0 || Stopwatch.GetElapsedTime(recordedAt, now) >= QuietProgressEvery || to == replay.EventEndTime)
            {
                RecordProgress(scope, name, to);
                recordedAt = now;
            }
        }
    }

    /// <summary>
    /// Replays the archived events with <paramref name="from"/> &lt;= time &lt; <paramref name="to"/>; their number, or
    /// -1 when it stopped at a page because the replay is being cancelled or this process lost the lease.
    /// </summary>
    private async Task<int> ReplayRangeAsync(Replay replay, ReplaySource source, DateTimeOffset from, DateTimeOffset to, CancellationToken stop)
    {
        Predicate<Rule>? receives = null;
        if (replay.FilterArns is { } filter)
        {
            var allowed = new HashSet<string>(filter, StringComparer.Ordinal);
            receives = rule => allowed.Contains(rule.Arn);
        }
        var pageSize = _options.EventsPerSecond is { } eps ? (int)Math.Clamp(Math.Ceiling(eps), 1, _options.PageSize) : _options.PageSize;
        long after = 0;
        var count = 0;
        while (true)
        {
            await WaitForJournalAsync(stop);
            if (!_leases.Holds(LeaseNames.Replays)
                || !_replays.TryGet(replay.Scope, replay.Name, out var current) || current.State != ReplayStates.Running)
                return -1;
            var started = Stopwatch.GetTimestamp();
            var page = _reader.Read(replay.EventSourceArn, from, to, after, pageSize);
            if (page.Count == 0) break;
            var now = _time.GetUtcNow();
            var submissions = new List<EventIngestor.Submission>(page.Count);
            foreach (var archived in page)
            {
                var envelope = ReplayedEnvelope.Create(archived.Envelope, replay.Name, out var eventId);
                submissions.Add(new EventIngestor.Submission(eventId, source.Scope, source.SourceBusName, envelope, now, Hop: 0));
            }
            // Completes once the events and their deliveries are durable in the journal.
            await _ingestor.IngestAsync(submissions, receives, stop);
            count += page.Count;
            after = page[^1].Position;
            if (_options.EventsPerSecond is { } rate)
            {
                var due = TimeSpan.FromSeconds(page.Count / rate) - Stopwatch.GetElapsedTime(started);
                if (due > TimeSpan.Zero) await Delay(due, stop);
            }
            if (page.Count < pageSize) break;
        }
        return count;
    }

    /// <summary>
    /// Back-pressure: no new page while the dispatcher is a memory backlog behind (deliveries waiting in memory, or on
    /// disk beyond it), so a replay of millions of events runs at the targets' pace in bounded memory and journal.
    /// </summary>
    private async Task WaitForJournalAsync(CancellationToken stop)
    {
        while (_journal.HasDiskBacklog || _queue.Count >= _delivery.MemoryBacklog) await Delay(BackPressurePause, stop);
    }

    private void RecordProgress(AccountRegion scope, string name, DateTimeOffset replayedUntil) =>
        // Only forward: another node that ran the replay meanwhile may already be further.
        _replays.Update(scope, name, r => r.IsActive && (r.EventLastReplayedTime is null || r.EventLastReplayedTime < replayedUntil)
            ? r with { EventLastReplayedTime = replayedUntil }
            : r);

    private void Finish(Replay replay, string state, DateTimeOffset? replayedUntil, string? reason)
    {
        var now = _time.GetUtcNow();
        var finished = _replays.Update(replay.Scope, replay.Name, r =>
        {
            // Completing loses to a CancelReplay that came first; cancelling and failing end whatever is active.
            if (!r.IsActive || (state == ReplayStates.Completed && r.State != ReplayStates.Running)) return r;
            var until = replayedUntil is { } u && u > r.EventStartTime && (r.EventLastReplayedTime is null || u > r.EventLastReplayedTime)
                ? u
                : r.EventLastReplayedTime;
            return r with { State = state, StateReason = reason, ReplayEndTime = now, EventLastReplayedTime = until };
        });
        if (finished?.State == state) _logger.LogInformation("replay {Replay} {State}{Reason}", replay.Arn, state, reason is null ? "" : ": " + reason);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];

    private static Task Delay(TimeSpan delay, CancellationToken stop) => Task.Delay(delay, stop);

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }
}
