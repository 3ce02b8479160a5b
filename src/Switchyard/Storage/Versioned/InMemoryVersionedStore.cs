namespace Switchyard.Storage.Versioned;

/// <summary>
/// The <c>--in-memory</c> backend: the same contract as the databases, ending with the process. One lock orders every
/// commit, which is what makes sequence numbers contiguous and the compare-and-swap atomic.
/// </summary>
public sealed class InMemoryVersionedStore : IVersionedStore
{
    private readonly object _gate = new();
    // Every key ever written, deleted ones included: a deleted resource keeps its version (Document null) so a
    // re-created one continues counting and a writer holding a version from before the delete cannot succeed.
    private readonly Dictionary<ResourceKey, (long Version, string? Document)> _resources = new();
    // The (kind, account, region) index: live resources only, by name in code-point order.
    private readonly Dictionary<(string Kind, string Account, string Region), SortedDictionary<string, StoredResource>> _index = new();
    // In sequence order; after a compaction sequence numbers have gaps (ReadChanges searches).
    private readonly List<ResourceChange> _changes = [];
    private long _lastSequence;

    public StoredResource? Get(ResourceKey key)
    {
        CommitArguments.CheckKey(key);
        lock (_gate)
        {
            return _resources.TryGetValue(key, out var stored) && stored.Document is not null
                ? new StoredResource(key, stored.Version, stored.Document)
                : null;
        }
    }

    public IReadOnlyList<StoredResource> List(string kind, string account, string region)
    {
        CommitArguments.CheckScope(kind, account, region);
        lock (_gate)
        {
            return _index.TryGetValue((kind, account, region), out var names) ? names.Values.ToList() : [];
        }
    }

    public long Commit(IReadOnlyList<ResourceWrite> writes)
    {
        CommitArguments.Check(writes);
        lock (_gate)
        {
            // Check every write before applying any: all or nothing.
            foreach (var write in writes)
            {
                var live = LiveVersion(write.Key);
                if (live != write.ExpectedVersion) throw new VersionConflictException(write.Key, write.ExpectedVersion, live);
            }
            foreach (var write in writes) Apply(write.Key, write.Document);
            // Compacts when this commit crossed a multiple of the interval.
            if (_lastSequence / IVersionedStore.CompactionInterval != (_lastSequence - writes.Count) / IVersionedStore.CompactionInterval)
                Compact();
            return _lastSequence;
        }
    }

    public IReadOnlyList<ResourceChange> ReadChanges(long afterSequence, int max)
    {
        CommitArguments.CheckRead(afterSequence, max);
        lock (_gate)
        {
            // The first change after afterSequence.
            int low = 0, high = _changes.Count;
            while (low < high)
            {
                var middle = (low + high) / 2;
                if (_changes[middle].Sequence <= afterSequence) low = middle + 1;
                else high = middle;
            }
            return low == _changes.Count ? [] : _changes.GetRange(low, Math.Min(max, _changes.Count - low));
        }
    }

    public long LastSequence
    {
        get
        {
            lock (_gate) return _lastSequence;
        }
    }

    public long CompactChanges()
    {
        lock (_gate) return Compact();
    }

    private long Compact() => _changes.RemoveAll(change => change.Version < _resources[change.Key].Version);

    public long Clear()
    {
        lock (_gate)
        {
            var live = _resources.Where(r => r.Value.Document is not null).Select(r => r.Key)
                .OrderBy(k => k.Kind, CodePointOrder.Instance).ThenBy(k => k.Account, CodePointOrder.Instance)
                .ThenBy(k => k.Region, CodePointOrder.Instance).ThenBy(k => k.Name, CodePointOrder.Instance)
                .ToList();
            foreach (var key in live) Apply(key, null);
            Compact();
            return _lastSequence;
        }
    }

    private long LiveVersion(ResourceKey key) =>
        _resources.TryGetValue(key, out var stored) && stored.Document is not null ? stored.Version : 0;

    private void Apply(ResourceKey key, string? document)
    {
        var version = (_resources.TryGetValue(key, out var stored) ? stored.Version : 0) + 1;
        _resources[key] = (version, document);
        var scope = (key.Kind, key.Account, key.Region);
        if (document is null)
        {
            if (_index.TryGetValue(scope, out var names) && names.Remove(key.Name) && names.Count == 0) _index.Remove(scope);
        }
        else
        {
            if (!_index.TryGetValue(scope, out var names)) _index[scope] = names = new SortedDictionary<string, StoredResource>(CodePointOrder.Instance);
            names[key.Name] = new StoredResource(key, version, document);
        }
        _changes.Add(new ResourceChange(++_lastSequence, key, version, document));
    }

    public void Dispose() { }
}
