using Switchyard.Storage;
using Switchyard.Storage.Catalog;
using Switchyard.Storage.Versioned;

namespace Switchyard.Hosting;

/// <summary>Clears every resource of every account (POST /_switchyard/reset), for test isolation.</summary>
public sealed class StateReset(IVersionedStore resources, ChangeFeedPump pump, IStateStore store,
    Domain.Archives.ArchiveCatalog archives, Delivery.Archives.IArchiveStore archived)
{
    public void Reset()
    {
        var gone = archives.All.Select(a => a.Arn).ToList();
        // Every deletion is a change in the feed: applying it empties the caches and tells the observers (routers,
        // schedules), as a delete by another process would.
        pump.CatchUp(resources.Clear());
        store.Clear();
        // The archives' events go with them (they live in the journal, which a reset keeps).
        foreach (var arn in gone) archived.RemoveAsync(arn, null, CancellationToken.None).AsTask().GetAwaiter().GetResult();
    }
}
