using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Switchyard.Storage;

/// <summary>
/// One kind of resource held in memory for lock-free reads and written through to the <see cref="IStateStore"/>
/// (a change is durable before it is visible). Writers serialize on their catalog's lock.
/// </summary>
public sealed class PersistentCollection<T> where T : class
{
    private readonly IStateStore _store;
    private readonly string _kind;
    private readonly JsonTypeInfo<T> _typeInfo;
    private readonly ConcurrentDictionary<string, T> _items = new(StringComparer.Ordinal);

    public PersistentCollection(IStateStore store, string kind, JsonTypeInfo<T> typeInfo, Func<T, string> keyOf)
    {
        _store = store;
        _kind = kind;
        _typeInfo = typeInfo;
        KeyOf = keyOf;
        foreach (var stored in store.LoadAll(kind))
        {
            var item = JsonSerializer.Deserialize(stored.Document, typeInfo)!;
            _items[keyOf(item)] = item;
        }
    }

    public Func<T, string> KeyOf { get; }

    public ICollection<T> Values => _items.Values;

    public bool TryGet(string key, out T item) => _items.TryGetValue(key, out item!);

    public bool Contains(string key) => _items.ContainsKey(key);

    public void Put(T item)
    {
        var key = KeyOf(item);
        _store.Put(_kind, key, JsonSerializer.Serialize(item, _typeInfo));
        _items[key] = item;
    }

    public void Remove(string key)
    {
        _store.Delete(_kind, key);
        _items.TryRemove(key, out _);
    }

    /// <summary>Forgets the in-memory copy (after the store was cleared).</summary>
    public void ClearMemory() => _items.Clear();
}
