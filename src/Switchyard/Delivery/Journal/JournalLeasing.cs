namespace Switchyard.Delivery.Journal;

/// <summary>How a journal leases its deliveries.</summary>
/// <param name="NodeId">This process's id: the owner written on the rows it leases.</param>
/// <param name="LeaseDuration">How long a lease lasts unless renewed (renewed every third of it): how long a crashed
/// node's deliveries wait before another node claims them.</param>
/// <param name="ExclusiveDataDirectory">True when this process holds the data directory's lock, so no other process
/// can hold leases in this journal: leases found at open belong to a crashed predecessor and are released at once
/// (a restart resumes without waiting out their expiry).</param>
/// <param name="MaxBackoff">The longest a retry waits; a retry found at open due later than that from now (the
/// setting was lowered) is brought forward.</param>
public sealed record JournalLeasing(string NodeId, TimeSpan LeaseDuration, bool ExclusiveDataDirectory, TimeSpan MaxBackoff)
{
    public static readonly TimeSpan DefaultLeaseDuration = TimeSpan.FromSeconds(60);

    /// <summary>A single process owning its data directory, with a random node id.</summary>
    public static JournalLeasing Exclusive(TimeSpan? maxBackoff = null) =>
        new(Storage.Leases.NodeIdentity.NewRandom().Id, DefaultLeaseDuration, true, maxBackoff ?? TimeSpan.FromMinutes(5));
}
