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
/// to pick up other processes' commits; with nothing new that is all it does.
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

    public ChangeFeedPump(IVersionedStore store, TimeSpan? pollInterval = null, ILogger<ChangeFeedPump>? logger = null)
    {
        _store = store;
        _pollInterval = pollInterval ?? DefaultPollInterval;
        Logger = logger ?? (ILogger)NullLogger.Instance;
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
    public void CatchUp() => CatchUp(_store.LastSequence);

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
                    if (_store.LastSequence > AppliedSequence) CatchUp();
                }
                catch (Exception error) when (error is not OperationCanceledException and not ObjectDisposedException)
                {
                    // A busy or briefly unreadable database: the next tick tries again.
                    Logger.LogWarning(error, "reading the resource change feed failed; retrying");
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
