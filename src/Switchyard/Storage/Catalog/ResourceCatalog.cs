using System.Collections.Concurrent;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Switchyard.Storage.Versioned;

namespace Switchyard.Storage.Catalog;

/// <summary>Told of a change of one resource: created (before null), changed, or deleted (after null).</summary>
public delegate void ResourceChanged<in T>(T? before, T? after) where T : class;

/// <summary>
/// All resources of one kind (buses, rules, ...) in all accounts and regions. The store is the truth; this is its cache.
/// <list type="bullet">
/// <item>Reads come from memory, lock-free.</item>
/// <item>A write is a compare-and-swap on the version read. Writers in this process take turns on a lock (so checks
/// such as "at most N per region" hold for one process), and a write that loses to another process is re-read from the
/// store and retried, so concurrent changes to one resource are never lost.</item>
/// <item>The cache changes only when the <see cref="ChangeFeedPump"/> applies a change, whoever made it; observers are
/// told from there. A write returns once the cache holds it.</item>
/// </list>
/// Resources are keyed (kind, account, region, name); a kind whose resources live inside another's (rules on a bus)
/// makes the parent part of the name.
/// </summary>
public sealed class ResourceCatalog<T> : IChangeFeedSubscriber where T : class
{
    /// <summary>Attempts of one write against other processes' changes before it gives up.</summary>
    public const int MaxAttempts = 16;

    private sealed record Cached(T Value, long Version);

    private readonly ChangeFeedPump _pump;
    private readonly JsonTypeInfo<T> _typeInfo;
    private readonly Func<Exception> _tooManyConflicts;
    // By (account, region), then by name: a lookup builds no key string, and a region's list scans only that region.
    private readonly ConcurrentDictionary<(string Account, string Region), ConcurrentDictionary<string, Cached>> _scopes = new();
    private readonly object _writeGate = new();
    private volatile ResourceChanged<T>[] _observers = [];

    /// <param name="tooManyConflicts">What a write throws when other processes kept changing the resource under it.</param>
    public ResourceCatalog(ChangeFeedPump pump, string kind, JsonTypeInfo<T> typeInfo, Func<Exception> tooManyConflicts)
    {
        _pump = pump;
        Kind = kind;
        _typeInfo = typeInfo;
        _tooManyConflicts = tooManyConflicts;
        pump.Subscribe(this);
    }

    public string Kind { get; }

    public bool TryGet(string account, string region, string name, out T item)
    {
        if (_scopes.TryGetValue((account, region), out var names) && names.TryGetValue(name, out var cached))
        {
            item = cached.Value;
            return true;
        }
        item = null!;
        return false;
    }

    /// <summary>As the string overload, for a name composed on the stack: a lookup on the delivery path builds no string.</summary>
    public bool TryGet(string account, string region, ReadOnlySpan<char> name, out T item)
    {
        if (_scopes.TryGetValue((account, region), out var names)
            && names.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var cached))
        {
            item = cached.Value;
            return true;
        }
        item = null!;
        return false;
    }

    /// <summary>The resources of one account and region, in no particular order.</summary>
    public IEnumerable<T> InScope(string account, string region) =>
        _scopes.TryGetValue((account, region), out var names) ? names.Values.Select(c => c.Value) : [];

    public int Count(string account, string region) => _scopes.TryGetValue((account, region), out var names) ? names.Count : 0;

    public IEnumerable<T> All => _scopes.Values.SelectMany(names => names.Values).Select(c => c.Value);

    /// <summary>
    /// Registers an observer of every later change, made here or by another process. With
    /// <paramref name="replayExisting"/> it is first told of every resource there is, as created; nothing can change in
    /// between. It is called on the thread applying the feed, one change at a time, in sequence order.
    /// </summary>
    public void Observe(ResourceChanged<T> observer, bool replayExisting)
    {
        // Whatever is committed now is in the cache before the observer starts from it.
        _pump.CatchUp();
        _pump.WhileApplyHeld(() =>
        {
            if (replayExisting)
            {
                foreach (var item in All) observer(null, item);
            }
            _observers = [.. _observers, observer];
        });
    }

    /// <summary>
    /// Read-modify-write of one resource. <paramref name="change"/> gets the resource as it is (null if absent) and
    /// returns it as it must be: the same instance to change nothing, null to delete, a new one to create or replace;
    /// it may throw to refuse. It may run more than once (another process changed the resource in between), each time
    /// with the resource as then stored, so it must not have side effects beyond its result.
    /// </summary>
    /// <returns>The resource as written (what <paramref name="change"/> returned); the cache holds it.</returns>
    public T? Change(string account, string region, string name, Func<T?, T?> change)
    {
        var key = new ResourceKey(Kind, account, region, name);
        lock (_writeGate)
        {
            for (var attempt = 1; ; attempt++)
            {
                // First from the cache, which holds every change of this process (each writer catches up before it
                // leaves the lock); from the store after a conflict, or when the cache has no such resource (another
                // process may have just made it), since only the store knows other processes' latest changes.
                var (current, version) = attempt == 1 ? FromCache(account, region, name) : (null, 0);
                if (current is null) (current, version) = FromStore(key);
                var updated = change(current);
                if (ReferenceEquals(updated, current)) return current;
                var document = updated is null ? null : ResourceDocument.Write(updated, _typeInfo);
                long sequence;
                try
                {
                    sequence = _pump.Store.Commit([new ResourceWrite(key, version, document)]);
                }
                catch (VersionConflictException)
                {
                    if (attempt == MaxAttempts) throw _tooManyConflicts();
                    continue;
                }
                _pump.CatchUp(sequence);
                return updated;
            }
        }
    }

    /// <summary>
    /// The resource, created by <paramref name="create"/> if it does not exist, without taking the write lock (so an
    /// observer may call it: the default bus made on first use). Whoever creates it first wins; the others get theirs.
    /// </summary>
    public T GetOrCreate(string account, string region, string name, Func<T> create)
    {
        var key = new ResourceKey(Kind, account, region, name);
        for (var attempt = 1; ; attempt++)
        {
            if (TryGet(account, region, name, out var existing)) return existing;
            var created = create();
            try
            {
                _pump.CatchUp(_pump.Store.Commit([new ResourceWrite(key, 0, ResourceDocument.Write(created, _typeInfo))]));
                return created;
            }
            catch (VersionConflictException)
            {
                if (attempt == MaxAttempts) throw _tooManyConflicts();
                // Made meanwhile, here or elsewhere: the feed brings it.
                _pump.CatchUp();
            }
        }
    }

    void IChangeFeedSubscriber.Apply(ResourceChange change)
    {
        var key = change.Key;
        var names = _scopes.GetOrAdd((key.Account, key.Region), static _ => new ConcurrentDictionary<string, Cached>(StringComparer.Ordinal));
        names.TryGetValue(key.Name, out var before);
        T? after = null;
        if (change.Document is not null)
        {
            try
            {
                after = ResourceDocument.Read(change.Document, _typeInfo);
            }
            catch (Exception error) when (error is InvalidDataException or System.Text.Json.JsonException)
            {
                // One unreadable resource must not stop the server (nor the feed behind it): it is left out, reported.
                _pump.Logger.LogError("stored {Kind} {Key} (change {Sequence}) cannot be read and is left out: {Reason}",
                    Kind, key, change.Sequence, error.Message);
            }
        }
        if (after is null) names.TryRemove(key.Name, out _);
        else names[key.Name] = new Cached(after, change.Version);
        if (before is null && after is null) return;
        foreach (var observer in _observers)
        {
            try
            {
                observer(before?.Value, after);
            }
            catch (Exception error)
            {
                // The change is committed and in the cache; one failing observer must not keep it from the others.
                _pump.Logger.LogError(error, "an observer of {Kind} failed on change {Sequence} ({Key})", Kind, change.Sequence, key);
            }
        }
    }

    private (T? Current, long Version) FromCache(string account, string region, string name) =>
        _scopes.TryGetValue((account, region), out var names) && names.TryGetValue(name, out var cached)
            ? (cached.Value, cached.Version)
            : (null, 0);

    private (T? Current, long Version) FromStore(ResourceKey key) =>
        _pump.Store.Get(key) is { } stored ? (ResourceDocument.Read(stored.Document, _typeInfo), stored.Version) : (null, 0);
}
