using Switchyard.Domain.Routing;
namespace Switchyard.Delivery.Journal;

/// <summary>
/// The most recently accepted events, bounded: the oldest are forgotten first. For lookups of an event after the
/// fact (what it looked like, which bus took it) without reading the journal.
/// On the PutEvents path, so it is a ring of slots written with one interlocked increment: no allocation and no
/// lock per event (a dictionary here cost a node, a queue entry and a lock for every event accepted). Lookups are
/// rare (a person asking "why") and scan the ring, a few microseconds for the default ten thousand slots.
/// </summary>
public sealed class RecentEventIndex(int capacity)
{
    private readonly AcceptedEvent?[] _slots = new AcceptedEvent?[capacity];
    private long _added;

    public void Add(AcceptedEvent accepted)
    {
        if (capacity == 0) return;
        var position = Interlocked.Increment(ref _added) - 1;
        Volatile.Write(ref _slots[position % capacity], accepted);
    }

    /// <summary>
    /// The event with this id. An event keeps its id across a bus-to-bus hop, so the same id can be here twice;
    /// the first bus that took it is the one answered.
    /// </summary>
    public bool TryGet(string eventId, out AcceptedEvent accepted)
    {
        accepted = null!;
        if (capacity == 0) return false;
        var newest = Volatile.Read(ref _added) - 1;
        for (var position = newest; position >= 0 && position > newest - capacity; position--)
        {
            var candidate = Volatile.Read(ref _slots[position % capacity]);
            if (candidate is not null && string.Equals(candidate.EventId, eventId, StringComparison.Ordinal)) accepted = candidate;
        }
        return accepted is not null;
    }

    public int Count => (int)Math.Min(Volatile.Read(ref _added), capacity);
}
