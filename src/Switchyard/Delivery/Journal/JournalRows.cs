using Switchyard.Domain.Routing;
namespace Switchyard.Delivery.Journal;

internal static class JournalRows
{
    /// <summary>
    /// Pairs each delivery with its event (deliveries refer to events by id) and gives it a journal id from
    /// <paramref name="nextId"/> (the SQLite journal passes a placeholder and numbers the rows at commit).
    /// </summary>
    public static List<PendingDelivery> Pair(IReadOnlyList<AcceptedEvent> events, IReadOnlyList<DeliveryTask> deliveries, Func<long> nextId)
    {
        var result = new List<PendingDelivery>(deliveries.Count);
        if (deliveries.Count == 0) return result;
        // The ingestor emits deliveries grouped by event in event order, so a moving cursor finds each event without
        // a dictionary; the fallback search keeps this correct for any other order.
        var cursor = 0;
        foreach (var task in deliveries)
        {
            if (events[cursor].EventId != task.EventId)
            {
                var found = -1;
                for (var i = 0; i < events.Count; i++)
                {
                    if (events[(cursor + i) % events.Count].EventId == task.EventId)
                    {
                        found = (cursor + i) % events.Count;
                        break;
                    }
                }
                if (found < 0) throw new ArgumentException($"delivery for event {task.EventId} that is not among the events");
                cursor = found;
            }
            result.Add(new PendingDelivery(nextId(), events[cursor], task));
        }
        return result;
    }
}
