namespace Switchyard.Storage.Versioned;

/// <summary>A compare-and-swap lost: the resource changed since its writer read it. The writer re-reads and retries
/// (or answers ConcurrentModificationException); the commit changed nothing.</summary>
public sealed class VersionConflictException(ResourceKey key, long expectedVersion, long actualVersion)
    : Exception($"version conflict on {key}: expected version {Describe(expectedVersion)}, found {Describe(actualVersion)}")
{
    public ResourceKey Key { get; } = key;

    public long ExpectedVersion { get; } = expectedVersion;

    /// <summary>The live version at commit time; 0 if the resource did not exist.</summary>
    public long ActualVersion { get; } = actualVersion;

    private static string Describe(long version) => version == 0 ? "0 (absent)" : version.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
