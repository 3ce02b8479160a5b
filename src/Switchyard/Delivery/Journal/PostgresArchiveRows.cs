using Npgsql;
using NpgsqlTypes;
using Switchyard.Delivery.Archives;
using Switchyard.Domain.Routing;

namespace Switchyard.Delivery.Journal;

/// <summary>
/// The archive side of the PostgreSQL journal (migration 0003): <c>archive_events</c> (one row per event and archive:
/// position, event time, when it was archived, size, envelope; indexed by archive and event time, the order replays
/// read in) and <c>archive_totals</c> (each archive's exact event count and bytes, kept in the same transactions). The
/// writes are statements of the journal's group commit (<see cref="PostgresEventJournal"/>); reads use pooled
/// connections. The PostgreSQL counterpart of <see cref="SqliteArchiveRows"/>.
/// </summary>
internal sealed class PostgresArchiveRows(NpgsqlDataSource dataSource)
{
    /// <summary>At most this many rows are removed per commit, so removing a large archive never stalls appends.</summary>
    public const int RemoveChunk = 10_000;

    // The rows of a commit and their totals in one statement. Totals are upserted in archive order: commits of several
    // nodes lock the totals rows they share in the same order, so they wait for each other but never deadlock.
    private const string InsertSql = """
        WITH r AS MATERIALIZED (
            SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[], $4::integer[], $5::bytea[])
                WITH ORDINALITY AS r(archive, event_time, archived_at, size, envelope, ord)),
        inserted AS (
            INSERT INTO archive_events (archive, event_time, archived_at, size, envelope)
            SELECT archive, event_time, archived_at, size, envelope FROM r ORDER BY ord)
        INSERT INTO archive_totals (archive, event_count, size_bytes)
        SELECT archive, count(*), sum(size) FROM r GROUP BY archive ORDER BY archive
        ON CONFLICT (archive) DO UPDATE SET event_count = archive_totals.event_count + excluded.event_count,
            size_bytes = archive_totals.size_bytes + excluded.size_bytes
        """;

    // A commit that removes rows locks every totals row it touches first, in archive order (see InsertSql), since its
    // removals and inserts would otherwise take them in an order of their own.
    private const string LockTotalsSql = "SELECT archive FROM archive_totals WHERE archive = ANY($1::text[]) ORDER BY archive FOR UPDATE";

    /// <summary>
    /// One chunk of a removal ($1 archive, $2 chunk size, $3 removed before, or null: all) and its totals: subtracted,
    /// or dropped when a removal of all found fewer than a chunk (nothing is left). Returns how many were removed.
    /// </summary>
    private const string RemoveSql = """
        WITH removed AS (
            DELETE FROM archive_events WHERE position IN (
                SELECT position FROM archive_events WHERE archive = $1 AND ($3::timestamptz IS NULL OR archived_at < $3) LIMIT $2)
            RETURNING size),
        counted AS (SELECT count(*) AS n, coalesce(sum(size), 0) AS bytes FROM removed),
        dropped AS (
            DELETE FROM archive_totals WHERE archive = $1 AND $3::timestamptz IS NULL AND (SELECT n FROM counted) < $2),
        subtracted AS (
            UPDATE archive_totals t SET event_count = t.event_count - c.n, size_bytes = t.size_bytes - c.bytes FROM counted c
            WHERE t.archive = $1 AND c.n > 0 AND NOT ($3::timestamptz IS NULL AND c.n < $2))
        SELECT n FROM counted
        """;

    private const string ReadSql = """
        SELECT position, event_time, envelope FROM archive_events
        WHERE archive = $1 AND event_time >= $2 AND event_time < $3 AND position > $4 AND archived_at >= $5
        ORDER BY position LIMIT $6
        """;

    /// <summary>The statement that writes the archive rows of a commit's events and adds them to the totals; null when none is archived.</summary>
    public static NpgsqlBatchCommand? InsertCommand(List<AcceptedEvent> events)
    {
        var count = 0;
        foreach (var accepted in events) count += accepted.Archives?.ArchiveArns.Count ?? 0;
        if (count == 0) return null;
        var archives = new string[count];
        var eventTimes = new DateTime[count];
        var archivedAt = new DateTime[count];
        var sizes = new int[count];
        var envelopes = new byte[count][];
        var i = 0;
        foreach (var accepted in events)
        {
            if (accepted.Archives is not { } capture) continue;
            foreach (var arn in capture.ArchiveArns)
            {
                archives[i] = arn;
                eventTimes[i] = capture.EventTime.UtcDateTime;
                archivedAt[i] = accepted.IngestedAt.UtcDateTime;
                sizes[i] = accepted.Envelope.Length;
                envelopes[i] = accepted.Envelope;
                i++;
            }
        }
        var command = new NpgsqlBatchCommand(InsertSql);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<string[]> { TypedValue = archives, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter<DateTime[]> { TypedValue = eventTimes, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        p.Add(new NpgsqlParameter<DateTime[]> { TypedValue = archivedAt, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        p.Add(new NpgsqlParameter<int[]> { TypedValue = sizes, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        p.Add(new NpgsqlParameter<byte[][]> { TypedValue = envelopes, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        return command;
    }

    /// <summary>
    /// The statement that locks the totals rows a commit with removals touches (its events' archives and the removed
    /// ones), in archive order; it goes first in the commit.
    /// </summary>
    public static NpgsqlBatchCommand LockTotalsCommand(List<AcceptedEvent> events, List<JournalWrite.RemoveArchived> removals)
    {
        var archives = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var accepted in events)
            if (accepted.Archives is { } capture) archives.UnionWith(capture.ArchiveArns);
        foreach (var removal in removals) archives.Add(removal.Arn);
        var command = new NpgsqlBatchCommand(LockTotalsSql);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. archives], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        return command;
    }

    /// <summary>
    /// The statement that removes up to <see cref="RemoveChunk"/> of the archive's rows (archived before the removal's
    /// time, or all) and returns how many. Fewer than the chunk: nothing more to remove.
    /// </summary>
    public static NpgsqlBatchCommand RemoveChunkCommand(JournalWrite.RemoveArchived removal)
    {
        var command = new NpgsqlBatchCommand(RemoveSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = removal.Arn, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = RemoveChunk, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = removal.BeforeMs is { } before ? DateTimeOffset.FromUnixTimeMilliseconds(before).UtcDateTime : DBNull.Value,
            NpgsqlDbType = NpgsqlDbType.TimestampTz,
        });
        return command;
    }

    public IReadOnlyList<ArchivedEvent> Read(string archiveArn, DateTimeOffset from, DateTimeOffset to, long afterPosition, int max, DateTimeOffset archivedSince)
    {
        var page = new List<ArchivedEvent>();
        if (max <= 0) return page;
        using var command = dataSource.CreateCommand(ReadSql);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<string> { TypedValue = archiveArn, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter<DateTime> { TypedValue = from.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.Add(new NpgsqlParameter<DateTime> { TypedValue = to.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.Add(new NpgsqlParameter<long> { TypedValue = afterPosition, NpgsqlDbType = NpgsqlDbType.Bigint });
        p.Add(new NpgsqlParameter<DateTime> { TypedValue = archivedSince.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.Add(new NpgsqlParameter<int> { TypedValue = max, NpgsqlDbType = NpgsqlDbType.Integer });
        using var reader = command.ExecuteReader();
        while (reader.Read())
            page.Add(new ArchivedEvent(reader.GetInt64(0), new DateTimeOffset(reader.GetDateTime(1)), reader.GetFieldValue<byte[]>(2)));
        return page;
    }

    public ArchiveTotals Totals(string archiveArn)
    {
        using var command = dataSource.CreateCommand("SELECT event_count, size_bytes FROM archive_totals WHERE archive = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = archiveArn, NpgsqlDbType = NpgsqlDbType.Text });
        using var reader = command.ExecuteReader();
        return reader.Read() ? new ArchiveTotals(reader.GetInt64(0), reader.GetInt64(1)) : default;
    }
}
