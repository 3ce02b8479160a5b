namespace Switchyard.Delivery.Archives;

/// <summary>How many events an archive holds and their total size (the envelopes' bytes), exact.</summary>
public readonly record struct ArchiveTotals(long EventCount, long SizeBytes);

/// <summary>
/// Where archived events live: the journal that writes them (an event's archive rows are written in the transaction
/// that journals the event: see <c>Domain.Routing.ArchiveCapture</c>). Besides what replays read
/// (<see cref="IArchiveReader"/>), the archive operations ask for totals and remove events, and the retention
/// service expires them. An archive is known by its ARN.
/// </summary>
public interface IArchiveStore : IArchiveReader
{
    /// <summary>The archive's event count and size as of the last commit.</summary>
    ArchiveTotals Totals(string archiveArn);

    /// <summary>
    /// Removes the archive's events archived before <paramref name="archivedBefore"/> (all of them with null: the
    /// archive was deleted, or is created again under a name whose old events were left behind). Returns how many
    /// were removed.
    /// </summary>
    ValueTask<long> RemoveAsync(string archiveArn, DateTimeOffset? archivedBefore, CancellationToken cancellation);
}
