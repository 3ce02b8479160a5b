using System.Collections.Concurrent;

namespace Switchyard.Delivery.Journal;

/// <summary>
/// The most recently accepted events by id, bounded: the oldest are forgotten first. For lookups of an event after
/// the fact (what it looked like, which bus took it) without reading the journal. On the PutEvents path, so the size
/// is counted by hand: <see cref="ConcurrentDictionary{TKey,TValue}.Count"/> takes every lock of the dictionary.
/// </summary>
public sealed class RecentEventIndex(int capacity)
{
    private readonly ConcurrentDictionary<string, AcceptedEvent> _byId = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();
    private int _count;

    public void Add(AcceptedEvent accepted)
    {
        if (capacity == 0) return;
        if (!_byId.TryAdd(accepted.EventId, accepted)) return;
        _order.Enqueue(accepted.EventId);
        if (Interlocked.Increment(ref _count) <= capacity) return;
        while (Volatile.Read(ref _count) > capacity && _order.TryDequeue(out var oldest))
        {
            if (_byId.TryRemove(oldest, out _)) Interlocked.Decrement(ref _count);
        }
    }

    public bool TryGet(string eventId, out AcceptedEvent accepted) => _byId.TryGetValue(eventId, out accepted!);

    public int Count => Volatile.Read(ref _count);
}
