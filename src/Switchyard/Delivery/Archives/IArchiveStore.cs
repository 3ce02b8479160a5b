namespace Switchyard.Delivery.Archives;

/// <summary>How many events an archive holds and their total size (the envelopes' bytes), exact.</summary>
public readonly record struct ArchiveTotals(long EventCount, long SizeBytes);

/// <summary>
/// Where archived events live: the journal that writes them (an event's archive rows are written in the transaction
/// that journals the event: see <c>Domain.Routing.ArchiveCapture</c>). The archive operations ask for totals and
/// remove events, the retention service expires them, and <see cref="ArchiveReader"/> reads them for replays. An
/// archive is known by its ARN.
/// </summary>
public interface IArchiveStore
{
    /// <summary>
    /// As <see cref="IArchiveReader.Read"/>, and only events archived at or after <paramref name="archivedSince"/>
    /// (those before it are past the archive's retention, even if not yet removed).
    /// </summary>
    IReadOnlyList<ArchivedEvent> Read(string archiveArn, DateTimeOffset from, DateTimeOffset to, long afterPosition, int max, DateTimeOffset archivedSince);

    /// <summary>The archive's event count and size as of the last commit.</summary>
    ArchiveTotals Totals(string archiveArn);

    /// <summary>
    /// Removes the archive's events archived before <paramref name="archivedBefore"/> (all of them with null: the
    /// archive was deleted, or is created again under a name whose old events were left behind). Returns how many
    /// were removed.
    /// </summary>
    ValueTask<long> RemoveAsync(string archiveArn, DateTimeOffset? archivedBefore, CancellationToken cancellation);
}
