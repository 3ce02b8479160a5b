using Switchyard.Storage.Versioned;

namespace Switchyard.Tests.Scheduler;

/// <summary>
/// A versioned store that counts commits and runs a test's action just before one: another writer racing the schedule
/// clock (an API request committing to the inner store), or a crash (an action that throws, so nothing is committed).
/// One queued action per commit, in order.
/// </summary>
internal sealed class HookedVersionedStore(IVersionedStore inner) : IVersionedStore
{
    public Queue<Action> BeforeCommit { get; } = new();

    /// <summary>Commits attempted on the inner store (those that lost a compare-and-swap too).</summary>
    public int Commits { get; private set; }

    public StoredResource? Get(ResourceKey key) => inner.Get(key);

    public IReadOnlyList<StoredResource> List(string kind, string account, string region) => inner.List(kind, account, region);

    public long Commit(IReadOnlyList<ResourceWrite> writes)
    {
        if (BeforeCommit.TryDequeue(out var action)) action();
        Commits++;
        return inner.Commit(writes);
    }

    public IReadOnlyList<ResourceChange> ReadChanges(long afterSequence, int max) => inner.ReadChanges(afterSequence, max);

    public long LastSequence => inner.LastSequence;

    public long Clear() => inner.Clear();
    public long CompactChanges() => inner.CompactChanges();

    /// <summary>The inner store belongs to the test.</summary>
    public void Dispose()
    {
    }
}
