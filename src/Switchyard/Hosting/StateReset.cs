using Switchyard.Storage;

namespace Switchyard.Hosting;

/// <summary>Clears every resource of every account (POST /_switchyard/reset), for test isolation.</summary>
public sealed class StateReset(IStateStore store, IEnumerable<IResettableState> holders)
{
    public void Reset()
    {
        store.Clear();
        foreach (var holder in holders) holder.Clear();
    }
}
