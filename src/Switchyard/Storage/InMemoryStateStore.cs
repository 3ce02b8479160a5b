using System.Collections.Concurrent;

namespace Switchyard.Storage;

/// <summary>The <c>--in-memory</c> store: nothing touches the disk; state ends with the process.</summary>
public sealed class InMemoryStateStore : IStateStore
{
    private readonly ConcurrentDictionary<(string Kind, string Key), string> _documents = new();
    private readonly object _applyGate = new();

    public IReadOnlyList<StoredDocument> LoadAll(string kind) =>
        _documents.Where(d => d.Key.Kind == kind).Select(d => new StoredDocument(d.Key.Key, d.Value)).ToList();

    public void Put(string kind, string key, string document) => _documents[(kind, key)] = document;

    public void Delete(string kind, string key) => _documents.TryRemove((kind, key), out _);

    public void Apply(IReadOnlyList<StateChange> changes)
    {
        lock (_applyGate)
        {
            foreach (var change in changes)
            {
                if (change.Document is null) Delete(change.Kind, change.Key);
                else Put(change.Kind, change.Key, change.Document);
            }
        }
    }

    public void Clear() => _documents.Clear();

    public void Dispose() { }
}
