using Switchyard.Storage;
using Switchyard.Storage.Catalog;
using Switchyard.Storage.Versioned;

namespace Switchyard.Hosting;

/// <summary>Clears every resource of every account (POST /_switchyard/reset), for test isolation.</summary>
public sealed class StateReset(IVersionedStore resources, ChangeFeedPump pump, IStateStore store)
{
    public void Reset()
    {
        // Every deletion is a change in the feed: applying it empties the caches and tells the observers (routers,
        // schedules), as a delete by another process would.
        pump.CatchUp(resources.Clear());
        store.Clear();
    }
}
