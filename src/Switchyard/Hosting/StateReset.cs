using Switchyard.Domain.Buses;
using Switchyard.Storage;

namespace Switchyard.Hosting;

/// <summary>Clears every resource of every account (POST /_switchyard/reset), for test isolation.</summary>
public sealed class StateReset(IStateStore store, EventBusCatalog buses)
{
    public void Reset()
    {
        store.Clear();
        buses.Clear();
    }
}
