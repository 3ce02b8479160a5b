using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Switchyard.Storage.Leases;

/// <summary>
/// Holds this process's named leases (<see cref="LeaseNames"/>): takes them at start-up, before the hosted services
/// registered after it start (so with one process the scheduled-rule clock has its lease before its first tick), and
/// then on a heartbeat every third of the lease duration renews those it holds and tries to take those it does not.
/// Work guarded by a lease asks <see cref="Holds"/>, which also turns false once the last successful renewal is a
/// full lease duration old (a process that cannot reach its store stops acting before another one takes over).
/// </summary>
public sealed class LeaseKeeper : IHostedService, IDisposable
{
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(60);

    private readonly ILeaseStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<LeaseKeeper> _logger;
    private readonly IReadOnlyList<string> _names;
    private readonly TimeSpan _duration;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _heldUntil = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _gains = new(StringComparer.Ordinal);
    private readonly Lock _heartbeat = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ITimer? _timer;
    private bool _stopped;

    public LeaseKeeper(ILeaseStore store, NodeIdentity node, TimeProvider time, ILogger<LeaseKeeper> logger,
        IReadOnlyList<string>? names = null, TimeSpan? duration = null)
    {
        _store = store;
        Holder = node.Id;
        _time = time;
        _logger = logger;
        _names = names ?? [LeaseNames.RuleScheduler, LeaseNames.Scheduler, LeaseNames.Retention, LeaseNames.Replays];
        _duration = duration ?? DefaultDuration;
    }

    /// <summary>The holder name this process uses (its node id).</summary>
    public string Holder { get; }

    /// <summary>True while this process holds the lease (renewed within its duration).</summary>
    public bool Holds(string name) => _heldUntil.TryGetValue(name, out var until) && until > _time.GetUtcNow();

    /// <summary>The leases this process takes when they are free.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>The leases this process holds now (for /health and /metrics).</summary>
    public IReadOnlyList<string> Held() => [.. _names.Where(Holds)];

    /// <summary>How many times this process has taken the lease (not counting renewals): work that must re-read shared
    /// state whenever it takes over compares this with the count it saw last.</summary>
    public long TimesGained(string name) => _gains.GetValueOrDefault(name);

    /// <summary>Completes the next time a lease is gained or lost.</summary>
    public Task WhenChanged() => Volatile.Read(ref _changed).Task;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_heartbeat) _stopped = false;
        Heartbeat();
        var every = _duration / 3;
        _timer = _time.CreateTimer(_ => Heartbeat(), null, every, every);
        return Task.CompletedTask;
    }

    /// <summary>Renews the leases held and tries to take the others; public so tests can beat without a clock.</summary>
    public void Heartbeat()
    {
        lock (_heartbeat)
        {
            // A beat that was already waiting for the lock when StopAsync released the leases must not take them back.
            if (_stopped) return;
            var changed = false;
            foreach (var name in _names)
            {
                var held = Holds(name);
                var started = _time.GetUtcNow();
                bool now;
                try
                {
                    now = (held && _store.Renew(name, Holder, _duration)) || _store.TryAcquire(name, Holder, _duration);
                }
                catch (Exception error) when (error is not OutOfMemoryException)
                {
                    // Not reachable now: keep acting until the lease would have expired (Holds checks that), try again
                    // on the next beat.
                    _logger.LogWarning(error, "renewing lease {Lease} failed", name);
                    continue;
                }
                // Counted before the lease shows as held, so whoever sees it held also sees the count.
                if (now && !held) _gains.AddOrUpdate(name, 1, (_, count) => count + 1);
                if (now) _heldUntil[name] = started + _duration;
                else _heldUntil.TryRemove(name, out _);
                if (now == held) continue;
                changed = true;
                if (now) _logger.LogDebug("lease {Lease} taken by {Holder}", name, Holder);
                else _logger.LogInformation("lease {Lease} is held by another process ({Holder}); its work stops here", name, _store.HolderOf(name));
            }
            if (changed) Interlocked.Exchange(ref _changed, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        lock (_heartbeat)
        {
            _stopped = true;
            foreach (var name in _names)
            {
                if (!_heldUntil.TryRemove(name, out _)) continue;
                try
                {
                    _store.Release(name, Holder);
                }
                catch (Exception error) when (error is not OutOfMemoryException)
                {
                    _logger.LogWarning(error, "releasing lease {Lease} failed; it expires on its own", name);
                }
            }
        }
        return Task.CompletedTask;
    }

    public void Dispose() => _timer?.Dispose();
}
