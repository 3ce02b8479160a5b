using Switchyard.Domain.Routing;

namespace Switchyard.Delivery.Archives;

/// <summary>
/// The archived events of an <c>--in-memory</c> server (gone at restart, as the rest of its state): per archive, a
/// list in position order with running totals. Written by the in-memory journal as it appends events.
/// </summary>
public sealed class InMemoryArchiveEvents : IArchiveStore
{
    private sealed record Row(long Position, DateTimeOffset EventTime, DateTimeOffset ArchivedAt, byte[] Envelope);

    private sealed class Archived
    {
        public readonly List<Row> Rows = [];
        public long Bytes;
    }

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Archived> _archives = new(StringComparer.Ordinal);
    private long _lastPosition;

    /// <summary>Stores the archive rows of these events (those with <see cref="AcceptedEvent.Archives"/>).</summary>
    public void Capture(IReadOnlyList<AcceptedEvent> events)
    {
        lock (_gate)
        {
            foreach (var accepted in events)
            {
                if (accepted.Archives is not { } capture) continue;
                foreach (var arn in capture.ArchiveArns)
                {
                    if (!_archives.TryGetValue(arn, out var archived)) _archives[arn] = archived = new Archived();
                    archived.Rows.Add(new Row(++_lastPosition, capture.EventTime, accepted.IngestedAt, accepted.Envelope));
                    archived.Bytes += accepted.Envelope.Length;
                }
            }
        }
    }

    public IReadOnlyList<ArchivedEvent> Read(string archiveArn, DateTimeOffset from, DateTimeOffset to, long afterPosition, int max)
    {
        var page = new List<ArchivedEvent>();
        lock (_gate)
        {
            if (max <= 0 || !_archives.TryGetValue(archiveArn, out var archived)) return page;
            var rows = archived.Rows;
            // Rows are in position order: start after afterPosition without scanning what came before.
            int lo = 0, hi = rows.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (rows[mid].Position <= afterPosition) lo = mid + 1;
                else hi = mid;
            }
            for (var i = lo; i < rows.Count && page.Count < max; i++)
            {
                var row = rows[i];
                if (row.EventTime >= from && row.EventTime < to) page.Add(new ArchivedEvent(row.Position, row.EventTime, row.Envelope));
            }
        }
        return page;
    }

    public ArchiveTotals Totals(string archiveArn)
    {
        lock (_gate)
        {
            return _archives.TryGetValue(archiveArn, out var archived) ? new ArchiveTotals(archived.Rows.Count, archived.Bytes) : default;
        }
    }

    public ValueTask<long> RemoveAsync(string archiveArn, DateTimeOffset? archivedBefore, CancellationToken cancellation)
    {
        lock (_gate)
        {
            if (!_archives.TryGetValue(archiveArn, out var archived)) return ValueTask.FromResult(0L);
            if (archivedBefore is not { } before)
            {
                _archives.Remove(archiveArn);
                return ValueTask.FromResult((long)archived.Rows.Count);
            }
            var removed = archived.Rows.RemoveAll(row =>
            {
                if (row.ArchivedAt >= before) return false;
                archived.Bytes -= row.Envelope.Length;
                return true;
            });
            return ValueTask.FromResult((long)removed);
        }
    }
}
