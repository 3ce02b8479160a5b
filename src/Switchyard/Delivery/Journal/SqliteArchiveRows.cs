using Microsoft.Data.Sqlite;
using Switchyard.Delivery.Archives;
using Switchyard.Domain.Routing;

namespace Switchyard.Delivery.Journal;

/// <summary>
/// The archive side of <c>journal.db</c>: <c>archive_events</c> (one row per event and archive: position, event time,
/// when it was archived, size, envelope; indexed by archive and event time, the order replays read in) and
/// <c>archive_totals</c> (each archive's exact event count and bytes, kept in the same transactions, so DescribeArchive
/// reads one row instead of counting). Written on the journal's writer thread inside its commits; read on
/// connections of their own.
/// </summary>
internal sealed class SqliteArchiveRows : IDisposable
{
    /// <summary>At most this many rows are removed per commit, so removing a large archive never stalls appends.</summary>
    public const int RemoveChunk = 10_000;

    private readonly string _path;
    private readonly RawBatchInsert _insert;
    private readonly SqliteCommand _addTotals;
    private readonly SqliteCommand _removeAll;
    private readonly SqliteCommand _removeBefore;
    private readonly SqliteCommand _subtractTotals;
    private readonly SqliteCommand _dropTotals;
    // Writer thread only: the rows of one commit and the totals they add, reused by every commit.
    private readonly List<(string Arn, AcceptedEvent Event)> _rows = new(256);
    private readonly Dictionary<string, (long Count, long Bytes)> _added = new(StringComparer.Ordinal);

    public SqliteArchiveRows(SqliteConnection writer, string path)
    {
        _path = path;
        CreateSchema(writer);
        _insert = new RawBatchInsert(writer, "archive_events", ["archive", "event_time", "archived_at", "size", "envelope"]);
        _addTotals = Command(writer, """
            INSERT INTO archive_totals (archive, event_count, size_bytes) VALUES ($archive, $count, $bytes)
            ON CONFLICT (archive) DO UPDATE SET event_count = event_count + excluded.event_count, size_bytes = size_bytes + excluded.size_bytes
            """, "$archive", "$count", "$bytes");
        _removeAll = Command(writer, """
            DELETE FROM archive_events WHERE position IN (SELECT position FROM archive_events WHERE archive = $archive LIMIT $max)
            RETURNING size
            """, "$archive", "$max");
        _removeBefore = Command(writer, """
            DELETE FROM archive_events WHERE position IN (
                SELECT position FROM archive_events WHERE archive = $archive AND archived_at < $before LIMIT $max)
            RETURNING size
            """, "$archive", "$before", "$max");
        _subtractTotals = Command(writer, "UPDATE archive_totals SET event_count = event_count - $count, size_bytes = size_bytes - $bytes WHERE archive = $archive",
            "$count", "$bytes", "$archive");
        _dropTotals = Command(writer, "DELETE FROM archive_totals WHERE archive = $archive", "$archive");
        Transactional = [_addTotals, _removeAll, _removeBefore, _subtractTotals, _dropTotals];
    }

    /// <summary>The prepared commands a commit's transaction must own.</summary>
    public SqliteCommand[] Transactional { get; }

    private static void CreateSchema(SqliteConnection writer)
    {
        using var command = writer.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS archive_events (
                position INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused, so a replay can resume after a position
                archive TEXT NOT NULL, -- the archive's ARN
                event_time INTEGER NOT NULL, -- the event's "time", unix milliseconds
                archived_at INTEGER NOT NULL, -- when the event was put, unix milliseconds (retention counts from it)
                size INTEGER NOT NULL,
                envelope BLOB NOT NULL
            );
            CREATE INDEX IF NOT EXISTS archive_events_by_time ON archive_events (archive, event_time);
            CREATE TABLE IF NOT EXISTS archive_totals (
                archive TEXT PRIMARY KEY,
                event_count INTEGER NOT NULL,
                size_bytes INTEGER NOT NULL
            );
            """;
        command.ExecuteNonQuery();
    }

    /// <summary>Writes the archive rows of a commit's events and adds them to the totals (inside the commit's transaction).</summary>
    public void Insert(List<AcceptedEvent> events)
    {
        _rows.Clear();
        foreach (var accepted in events)
        {
            if (accepted.Archives is not { } capture) continue;
            foreach (var arn in capture.ArchiveArns) _rows.Add((arn, accepted));
        }
        if (_rows.Count == 0) return;
        _insert.InsertAll(_rows, static (row, item) =>
        {
            row.Text(0, item.Arn);
            row.Int64(1, item.Event.Archives!.EventTime.ToUnixTimeMilliseconds());
            row.Int64(2, item.Event.IngestedAt.ToUnixTimeMilliseconds());
            row.Int64(3, item.Event.Envelope.Length);
            row.Blob(4, item.Event.Envelope);
        });
        _added.Clear();
        foreach (var (arn, accepted) in _rows)
        {
            _added.TryGetValue(arn, out var total);
            _added[arn] = (total.Count + 1, total.Bytes + accepted.Envelope.Length);
        }
        foreach (var (arn, total) in _added)
        {
            var p = _addTotals.Parameters;
            p[0].Value = arn;
            p[1].Value = total.Count;
            p[2].Value = total.Bytes;
            _addTotals.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Removes up to <see cref="RemoveChunk"/> of the archive's rows (those archived before <paramref name="beforeMs"/>,
    /// or all) inside the commit's transaction; returns how many. Fewer than the chunk: nothing more to remove.
    /// </summary>
    public long RemoveChunkOf(string arn, long? beforeMs)
    {
        var command = beforeMs is null ? _removeAll : _removeBefore;
        command.Parameters[0].Value = arn;
        if (beforeMs is { } before)
        {
            command.Parameters[1].Value = before;
            command.Parameters[2].Value = RemoveChunk;
        }
        else command.Parameters[1].Value = RemoveChunk;
        long count = 0, bytes = 0;
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                count++;
                bytes += reader.GetInt64(0);
            }
        }
        if (beforeMs is null && count < RemoveChunk)
        {
            _dropTotals.Parameters[0].Value = arn;
            _dropTotals.ExecuteNonQuery();
        }
        else if (count > 0)
        {
            var p = _subtractTotals.Parameters;
            p[0].Value = count;
            p[1].Value = bytes;
            p[2].Value = arn;
            _subtractTotals.ExecuteNonQuery();
        }
        return count;
    }

    public IReadOnlyList<ArchivedEvent> Read(string archiveArn, DateTimeOffset from, DateTimeOffset to, long afterPosition, int max)
    {
        var page = new List<ArchivedEvent>();
        if (max <= 0) return page;
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT position, event_time, envelope FROM archive_events
            WHERE archive = $archive AND event_time >= $from AND event_time < $to AND position > $after
            ORDER BY position LIMIT $max
            """;
        command.Parameters.AddWithValue("$archive", archiveArn);
        command.Parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$to", to.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$after", afterPosition);
        command.Parameters.AddWithValue("$max", max);
        using var reader = command.ExecuteReader();
        while (reader.Read())
            page.Add(new ArchivedEvent(reader.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), (byte[])reader.GetValue(2)));
        return page;
    }

    public ArchiveTotals Totals(string archiveArn)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT event_count, size_bytes FROM archive_totals WHERE archive = $archive";
        command.Parameters.AddWithValue("$archive", archiveArn);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new ArchiveTotals(reader.GetInt64(0), reader.GetInt64(1)) : default;
    }

    /// <summary>A read-only connection of the caller's own: in WAL mode it sees the last commit and never blocks the writer.</summary>
    private SqliteConnection OpenReader()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }

    public void Dispose()
    {
        _insert.Dispose();
        foreach (var command in Transactional) command.Dispose();
    }
}
