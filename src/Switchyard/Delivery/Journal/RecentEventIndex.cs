using System.Collections.Concurrent;

namespace Switchyard.Delivery.Journal;

/// <summary>
/// The most recently accepted events by id, bounded: the oldest are forgotten first. For lookups of an event after
/// the fact (what it looked like, which bus took it) without reading the journal.
/// </summary>
public sealed class RecentEventIndex(int capacity)
{
    private readonly ConcurrentDictionary<string, AcceptedEvent> _byId = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    public void Add(AcceptedEvent accepted)
    {
        if (capacity == 0) return;
        if (!_byId.TryAdd(accepted.EventId, accepted)) return;
        _order.Enqueue(accepted.EventId);
        while (_byId.Count > capacity && _order.TryDequeue(out var oldest)) _byId.TryRemove(oldest, out _);
    }

    public bool TryGet(string eventId, out AcceptedEvent accepted) => _byId.TryGetValue(eventId, out accepted!);

    public int Count => _byId.Count;
}
