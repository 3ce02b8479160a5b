using Switchyard.Delivery.Journal;

namespace Switchyard.Diagnostics.Explain;

/// <summary>
/// Explain's view of the delivery module's <see cref="RecentEventIndex"/>. An event keeps its id across a bus hop
/// within a region; the index keeps the first bus that took it, so Explain starts where the event was put.
/// </summary>
public sealed class RecentEventIndexLookup(RecentEventIndex index) : IRecentEventLookup
{
    public bool TryFind(string eventId, out RecentEvent found)
    {
        if (!index.TryGet(eventId, out var accepted))
        {
            found = null!;
            return false;
        }
        found = new RecentEvent(accepted.EventId, accepted.BusScope, accepted.BusName, accepted.Envelope, accepted.Hop);
        return true;
    }
}
