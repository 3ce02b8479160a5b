namespace Switchyard.Storage.Versioned;

/// <summary>
/// The store that will be the source of truth for resources (issue 8): every resource carries a version, every write is
/// a compare-and-swap on the version its writer read, and every committed write is a row in a change feed that can be
/// read back in order from any position. Several instances (processes, connections) may share one database; they see
/// each other's commits and their conflicting writes fail by version instead of overwriting each other.
/// All members are safe to call concurrently. Every backend passes the contract suite in the tests
/// (<c>VersionedStoreContract</c>).
/// </summary>
public interface IVersionedStore : IDisposable
{
    /// <summary>The live resource under <paramref name="key"/>, or null if it does not exist (or was deleted).</summary>
    StoredResource? Get(ResourceKey key);

    /// <summary>Every live resource of one kind in one account and region, ordered by name (by Unicode code point,
    /// which is the byte order of UTF-8), served by the (kind, account, region, name) index.</summary>
    IReadOnlyList<StoredResource> List(string kind, string account, string region);

    /// <summary>
    /// Applies all <paramref name="writes"/> (distinct keys) or none: if any write's expected version is not the live
    /// one, nothing changes and <see cref="VersionConflictException"/> names the first such key. Each write becomes one
    /// change; the changes of one commit have consecutive sequence numbers. Durable when it returns.
    /// </summary>
    /// <returns>The sequence number of the commit's last change: a reader that has applied the feed up to it has seen
    /// the whole commit (how a later caller reads its own writes).</returns>
    long Commit(IReadOnlyList<ResourceWrite> writes);

    /// <summary>Up to <paramref name="max"/> committed changes with a sequence greater than
    /// <paramref name="afterSequence"/>, in sequence order (pass the last sequence read to continue).</summary>
    IReadOnlyList<ResourceChange> ReadChanges(long afterSequence, int max);

    /// <summary>The sequence number of the latest committed change (0 if none). Compaction never lowers it.</summary>
    long LastSequence { get; }

    /// <summary>
    /// Removes from the change feed every change that a later change of the same key supersedes; the latest change of
    /// every key stays (a deletion too), with its sequence number. Readers apply changes as states (a change carries
    /// the key's whole document), so a reader at any position still reaches exactly the live state, skipping only
    /// states nobody can see any more, and a reader from 0 reads one change per key instead of the whole history.
    /// Backends also compact on their own every <see cref="CompactionInterval"/> changes and after a Clear, so the
    /// feed stays about as long as the number of keys (a schedule's firing state alone changes at every firing).
    /// </summary>
    /// <returns>How many changes were removed.</returns>
    long CompactChanges();

    /// <summary>How many changes are committed between two automatic compactions.</summary>
    public const long CompactionInterval = 65_536;

    /// <summary>
    /// Deletes every live resource in one commit (the reset endpoint). Each deletion is a change in the feed like any
    /// other delete, so a reader that follows the feed needs no separate resync. Versions keep counting.
    /// </summary>
    /// <returns>The sequence number of the last deletion (<see cref="LastSequence"/> if there was nothing to delete).</returns>
    long Clear();
}
