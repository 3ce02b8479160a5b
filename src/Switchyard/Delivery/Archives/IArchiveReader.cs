namespace Switchyard.Delivery.Archives;

/// <summary>
/// One archived event: its position in the archive (increasing in the order events were archived, unique per
/// archive), the event's own <c>time</c>, and the event envelope as it was put on the bus (UTF-8 JSON).
/// </summary>
public sealed record ArchivedEvent(long Position, DateTimeOffset EventTime, byte[] Envelope);

/// <summary>
/// The read side of archives (issue 10), what a replay needs: the events of one archive whose <c>time</c> falls in a
/// range, page by page. Implemented by every journal backend that stores archives.
/// </summary>
public interface IArchiveReader
{
    /// <summary>
    /// Up to <paramref name="max"/> events of the archive <paramref name="archiveArn"/> with
    /// <paramref name="from"/> &lt;= EventTime &lt; <paramref name="to"/> and Position &gt; <paramref name="afterPosition"/>,
    /// ordered by Position (pass the last Position read to continue; 0 to start). Expired and deleted events are not read.
    /// </summary>
    IReadOnlyList<ArchivedEvent> Read(string archiveArn, DateTimeOffset from, DateTimeOffset to, long afterPosition, int max);
}
