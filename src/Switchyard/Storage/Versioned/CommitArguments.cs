namespace Switchyard.Storage.Versioned;

/// <summary>The checks every backend makes on a commit before touching anything, so all reject the same mistakes.</summary>
internal static class CommitArguments
{
    public static void Check(IReadOnlyList<ResourceWrite> writes)
    {
        ArgumentNullException.ThrowIfNull(writes);
        if (writes.Count == 0) throw new ArgumentException("a commit needs at least one write", nameof(writes));
        var keys = new HashSet<ResourceKey>();
        foreach (var write in writes)
        {
            ArgumentNullException.ThrowIfNull(write);
            CheckKey(write.Key);
            if (write.ExpectedVersion < 0)
                throw new ArgumentOutOfRangeException(nameof(writes), $"expected version of {write.Key} is negative");
            // A delete names the version it read; "delete what must not exist" can only be a caller's mistake.
            if (write.Document is null && write.ExpectedVersion == 0)
                throw new ArgumentException($"deleting {write.Key} needs the version read, not 0", nameof(writes));
            // Two writes to one key in one commit would make "the version it read" ambiguous for the second.
            if (!keys.Add(write.Key)) throw new ArgumentException($"{write.Key} is written twice in one commit", nameof(writes));
        }
    }

    public static void CheckKey(ResourceKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(key.Kind);
        ArgumentNullException.ThrowIfNull(key.Account);
        ArgumentNullException.ThrowIfNull(key.Region);
        ArgumentNullException.ThrowIfNull(key.Name);
    }

    public static void CheckScope(string kind, string account, string region)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(region);
    }

    public static void CheckRead(long afterSequence, int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
    }
}
