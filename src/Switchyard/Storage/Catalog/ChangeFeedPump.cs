using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Switchyard.Storage.Versioned;

namespace Switchyard.Storage.Catalog;

/// <summary>
/// The only writer of the in-memory resource caches: it reads the store's change feed in sequence order and hands each
/// change to the <see cref="ResourceCatalog{T}"/> of its kind, whoever committed it (this process or another one on the
/// same database). One pump per store.
/// <para>
/// Two things make it advance. A writer in this process calls <see cref="CatchUp(long)"/> with the sequence its commit
/// returned and applies the feed itself, on its own thread, before it answers (read your writes, with no hand-off to
/// another thread). A timer polls <see cref="IVersionedStore.LastSequence"/> (one indexed read) every poll interval
/// to pick up other processes' commits; with nothing new that is all it does. On a shared PostgreSQL database a
/// LISTEN connection (<see cref="Postgres.PostgresChangeListener"/>) also wakes it at every other node's commit
/// (<see cref="Notified"/>), and the polling is the fallback for a lost connection.
/// </para>
/// <para>
/// A pump that polls (a shared database) also tracks when it last confirmed that it had applied everything the
/// database had (<see cref="Status"/>): the node refuses to route on rules it cannot confirm current
/// (<see cref="IsStale"/>).
/// </para>
/// <para>
/// Lock order: a catalog's write lock, then the pump's apply lock, then the store's own. Observers run under the apply
/// lock and may read catalogs, and may make the changes that need no write lock (the default bus) — a catch-up nested in
/// an observer applies the newer changes first and the outer one skips them — but must not call a catalog's locked writes.
/// </para>
/// </summary>
public sealed class ChangeFeedPump : IDisposable
{
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>The server's poll interval on a shared (PostgreSQL) database: the fallback when the LISTEN connection is
    /// down, and the heartbeat that confirms the caches current when nothing changes.</summary>
    public static readonly TimeSpan SharedDatabasePollInterval = TimeSpan.FromMilliseconds(500);

    private const int BatchSize = 500;

    private readonly IVersionedStore _store;
    private readonly TimeSpan _pollInterval;
    private readonly object _applyGate = new();
    private readonly Dictionary<string, IChangeFeedSubscriber> _subscribers = new(StringComparer.Ordinal);
    // The sequence the pump has reached (under the apply lock) and the one whose changes are fully applied (read
    // without the lock by writers checking whether they must wait). They differ only while a change is being applied.
    private long _position;
    private long _applied;
    private CancellationTokenSource? _polling;
    private Task? _pollLoop;
    private readonly TimeProvider _time;
    // The database's last sequence when last read, and when (UTC ticks) a read last found everything applied.
    private long _lastKnown;
    private long _confirmedAtTicks;
    // 1 while a wake-up connection (LISTEN) is up, 0 while it is down; -1 without one (the polls alone).
    private int _wakeups = -1;
    private int _readFailing;

    public ChangeFeedPump(IVersionedStore store, TimeSpan? pollInterval = null, ILogger<ChangeFeedPump>? logger = null, TimeProvider? time = null)
    {
        _store = store;
        _pollInterval = pollInterval ?? DefaultPollInterval;
        Logger = logger ?? (ILogger)NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        _confirmedAtTicks = _time.GetUtcNow().UtcTicks;
    }

    /// <summary>Whether other processes write to the store (the pump polls): only then can the caches be stale.</summary>
    public bool Shared => _pollInterval != Timeout.InfiniteTimeSpan;

    /// <summary>Where the feed stands. A pump that does not poll is its store's only writer: always current.</summary>
    public ChangeFeedStatus Status()
    {
        var now = _time.GetUtcNow();
        var applied = AppliedSequence;
        if (!Shared) return new ChangeFeedStatus(applied, Math.Max(applied, Volatile.Read(ref _lastKnown)), now, Connected: true, LagSeconds: 0);
        var confirmed = new DateTimeOffset(Volatile.Read(ref _confirmedAtTicks), TimeSpan.Zero);
        var wakeups = Volatile.Read(ref _wakeups);
        var connected = wakeups < 0 ? Volatile.Read(ref _readFailing) == 0 : wakeups == 1;
        return new ChangeFeedStatus(applied, Volatile.Read(ref _lastKnown), confirmed, connected,
            Math.Max(0, (now - confirmed).TotalSeconds));
    }

    /// <summary>True when the caches follow a shared database and have not been confirmed current for longer than
    /// <paramref name="bound"/>: another node may have changed a rule or a policy this node does not know of.</summary>
    public bool IsStale(TimeSpan bound) => Shared && _time.GetUtcNow().UtcTicks - Volatile.Read(ref _confirmedAtTicks) > bound.Ticks;

    /// <summary>Reads the database's last sequence and applies the feed up to it; on success the caches are confirmed
    /// current as of the moment the read began (a poll tick, a reconnected LISTEN connection).</summary>
    public void Refresh()
    {
        var asked = _time.GetUtcNow().UtcTicks;
        var last = _store.LastSequence;
        InterlockedMax(ref _lastKnown, last);
        if (last > AppliedSequence) CatchUp(last);
        InterlockedMax(ref _confirmedAtTicks, asked);
        if (Interlocked.Exchange(ref _readFailing, 0) == 1) Logger.LogInformation("reading the resource change feed works again; caught up to sequence {Sequence}", AppliedSequence);
    }

    /// <summary>Another node committed up to <paramref name="sequence"/> (a NOTIFY): applies the feed up to it.</summary>
    public void Notified(long sequence)
    {
        InterlockedMax(ref _lastKnown, sequence);
        CatchUp(sequence);
    }

    /// <summary>The wake-up connection went up or down (shown in <see cref="Status"/>).</summary>
    public void ReportWakeups(bool connected) => Volatile.Write(ref _wakeups, connected ? 1 : 0);

    private static void InterlockedMax(ref long location, long value)
    {
        for (var current = Volatile.Read(ref location); value > current; current = Volatile.Read(ref location))
            if (Interlocked.CompareExchange(ref location, value, current) == current) return;
    }

    public IVersionedStore Store => _store;

    /// <summary>Every change up to this sequence is in the caches.</summary>
    public long AppliedSequence => Volatile.Read(ref _applied);

    internal ILogger Logger { get; }

    /// <summary>Lets a catalog receive its kind's changes. One that subscribes after changes were applied is first
    /// given the feed of its kind so far, so the order in which catalogs are created does not matter.</summary>
    internal void Subscribe(IChangeFeedSubscriber subscriber)
    {
        lock (_applyGate)
        {
            if (!_subscribers.TryAdd(subscriber.Kind, subscriber))
                throw new InvalidOperationException($"a catalog of kind {subscriber.Kind} already follows this change feed");
            for (long after = 0; after < _position;)
            {
                var batch = _store.ReadChanges(after, BatchSize);
                if (batch.Count == 0) break;
                foreach (var change in batch)
                {
                    if (change.Sequence > _position) break;
                    if (change.Key.Kind == subscriber.Kind) subscriber.Apply(change);
                }
                after = batch[^1].Sequence;
            }
        }
    }

    /// <summary>Applies the feed at least up to <paramref name="sequence"/> (the value a commit returned) before returning.</summary>
    public void CatchUp(long sequence)
    {
        if (Volatile.Read(ref _applied) >= sequence) return;
        lock (_applyGate) Drain(sequence);
    }

    /// <summary>Applies every change committed so far, by anyone.</summary>
    public void CatchUp() => Refresh();

    /// <summary>Runs <paramref name="action"/> with the caches still (registering an observer and replaying to it).</summary>
    internal void WhileApplyHeld(Action action)
    {
        lock (_applyGate) action();
    }

    /// <summary>Applies the whole feed (start-up: nothing answers before the caches hold the state), then polls for
    /// other processes' changes until disposed, unless the poll interval is <see cref="Timeout.InfiniteTimeSpan"/>
    /// (this process is the store's only writer: every change arrives through <see cref="CatchUp(long)"/>).</summary>
    public void Start()
    {
        CatchUp();
        if (_pollInterval == Timeout.InfiniteTimeSpan) return;
        lock (_applyGate)
        {
            if (_polling is not null) return;
            _polling = new CancellationTokenSource();
            _pollLoop = Task.Run(() => PollAsync(_polling.Token));
        }
    }

    private void Drain(long target)
    {
        while (_position < target)
        {
            var batch = _store.ReadChanges(_position, BatchSize);
            if (batch.Count == 0) return;
            foreach (var change in batch)
            {
                // An observer's own change, applied by a catch-up nested in it, moved the position past this one.
                if (change.Sequence <= _position) continue;
                _position = change.Sequence;
                if (_subscribers.TryGetValue(change.Key.Kind, out var subscriber)) subscriber.Apply(change);
                Volatile.Write(ref _applied, _position);
            }
        }
    }

    private async Task PollAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(_pollInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                try
                {
                    Refresh();
                }
                catch (Exception error) when (error is not OperationCanceledException and not ObjectDisposedException)
                {
                    // A busy or briefly unreadable database: the next tick tries again (told once, not every tick).
                    if (Interlocked.Exchange(ref _readFailing, 1) == 0)
                        Logger.LogWarning(error, "reading the resource change feed failed; retrying every {Interval} ms", _pollInterval.TotalMilliseconds);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        CancellationTokenSource? polling;
        Task? loop;
        lock (_applyGate)
        {
            polling = _polling;
            loop = _pollLoop;
            _polling = null;
            _pollLoop = null;
        }
        if (polling is null) return;
        polling.Cancel();
        try
        {
            loop?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
        polling.Dispose();
    }
}
