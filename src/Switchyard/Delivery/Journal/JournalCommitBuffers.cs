using System.Threading.Channels;
using Switchyard.Domain.Routing;

namespace Switchyard.Delivery.Journal;

/// <summary>
/// The writes of one group commit sorted by kind, for a durable journal's writer loop (which alone uses it: the lists
/// are reused by every commit). Shared by the SQLite and PostgreSQL journals.
/// </summary>
internal sealed class JournalCommitBuffers
{
    public List<AcceptedEvent> Events { get; } = new(1024);
    public List<PendingDelivery> Rows { get; } = new(1024);
    public List<long> Removed { get; } = new(1024);
    public List<JournalWrite.Retry> Retries { get; } = new(64);
    public List<JournalWrite.RemoveArchived> ArchiveRemovals { get; } = new(4);
    public bool Renew { get; private set; }

    /// <summary>True when the commit writes anything (claims alone need no write transaction).</summary>
    public bool HasWrites => Events.Count > 0 || Removed.Count > 0 || Retries.Count > 0 || ArchiveRemovals.Count > 0 || Renew;

    /// <summary>
    /// Takes whatever has queued up, up to <paramref name="maxRows"/> rows' worth (so a burst cannot hold appends that
    /// arrived early behind a huge commit), into <paramref name="batch"/>.
    /// </summary>
    public static void Take(ChannelReader<JournalWrite> reader, List<JournalWrite> batch, int maxRows)
    {
        batch.Clear();
        var rows = 0;
        while (rows < maxRows && reader.TryRead(out var write))
        {
            batch.Add(write);
            rows += write.RowCount;
        }
    }

    public void Collect(List<JournalWrite> batch)
    {
        Events.Clear();
        Rows.Clear();
        Removed.Clear();
        Retries.Clear();
        ArchiveRemovals.Clear();
        Renew = false;
        foreach (var write in batch)
        {
            switch (write)
            {
                case JournalWrite.Append append:
                    Rows.AddRange(append.Rows);
                    Events.AddRange(append.Events);
                    break;
                case JournalWrite.Remove remove: Removed.Add(remove.Id); break;
                case JournalWrite.Retry retry: Retries.Add(retry); break;
                case JournalWrite.Renew: Renew = true; break;
                case JournalWrite.RemoveArchived removal: ArchiveRemovals.Add(removal); break;
            }
        }
    }
}
