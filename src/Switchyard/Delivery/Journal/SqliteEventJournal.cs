using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Switchyard.Delivery.Archives;
using Switchyard.Domain;
using Switchyard.Domain.Routing;

namespace Switchyard.Delivery.Journal;

/// <summary>
/// The durable journal: <c>journal.db</c> in the data directory (apart from the control-plane database), WAL mode.
/// Two tables: <c>event_log</c>, every accepted event (ids assigned by the database, kept for the retention period,
/// indexed by bus and time for archives), and <c>delivery_queue</c>, one row per delivery not yet finished, with its
/// attempt count, next-attempt time, last failure and lease (owner node, expiry).
/// <para>
/// Throughput comes from group commit: appends, completions, retries and lease renewals go through one channel to
/// one writer loop, which takes whatever has queued up, writes it all in one transaction (one fsync), and only then
/// completes the appends' tasks. Appended deliveries are inserted already leased to this node and handed straight to
/// the dispatcher, without being read back.
/// </para>
/// <para>
/// Archives (<see cref="IArchiveStore"/>): an event's archive rows (<see cref="AcceptedEvent.Archives"/>) are written in
/// the commit that writes the event, so each archive holds it exactly once (<see cref="SqliteArchiveRows"/>).
/// </para>
/// <para>
/// Memory is bounded: a commit hands its deliveries out only while the dispatcher's ready queue has room
/// (<c>memoryBacklog</c>); otherwise they are inserted unleased ("disk backlog") and claimed as the queue drains.
/// A row is claimable when <c>max(next_attempt_at, lease_expires_at)</c> has passed: a due retry, an unleased row, or
/// the row of a node whose lease ran out. One expression index on that value serves claims, the earliest-due query
/// the claimer sleeps on, and renewals, so the hot insert pays for a single extra index entry.
/// </para>
/// </summary>
public sealed class SqliteEventJournal : IEventJournal, IArchiveStore
{
    /// <summary>Caps one transaction so a burst cannot hold appends that arrived early behind a huge commit.</summary>
    private const int MaxRowsPerCommit = 20_000;

    /// <summary>At most this many expired events are dropped per trim (one trim a second at most), so catching up never stalls a commit.</summary>
    private const int TrimChunk = 10_000;

    // The value a row becomes claimable at; queries must spell it exactly so, to use the index on it.
    private const string ClaimableAt = "max(next_attempt_at, lease_expires_at)";

    private readonly SqliteConnection _connection;
    private readonly Channel<JournalWrite> _writes = Channel.CreateUnbounded<JournalWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly JournalLeasing _leasing;
    private readonly Func<bool> _mayTrim;
    private readonly ITimer _renewal;

    private readonly RawBatchInsert _insertDelivery;
    private readonly RawBatchInsert _insertEvent;
    private readonly SqliteCommand _deleteRange;
    private readonly SqliteCommand _retry;
    private readonly SqliteCommand _renew;
    private readonly SqliteCommand _oldestEvent;
    private readonly SqliteCommand _trimEvents;
    private readonly SqliteCommand _claim;
    private readonly SqliteCommand _readEvent;
    private readonly SqliteCommand _nextClaimable;
    // The prepared commands a commit's transaction must own (set twice per commit: one array, not one per call).
    private readonly SqliteCommand[] _transactional;

    /// <summary>How long the event log keeps events.</summary>
    private readonly TimeSpan _eventRetention;
    private long _lastTrimMs;

    // Writer thread only: buffers reused by every commit.
    private readonly JournalCommitBuffers _buffers = new();
    private readonly SqliteArchiveRows _archiveRows;
    private readonly Dictionary<AcceptedEvent, long> _eventIds = new(ReferenceEqualityComparer.Instance);
    // Lease fields of the rows being inserted, set per commit for the static binder.
    private string? _insertOwner;
    private long _insertLeaseUntil;
    private long _insertNow;

    private readonly Dispatch.DeliveryQueue? _queue;
    private readonly int _memoryBacklog;
    // Set by a commit that leaves deliveries unleased, cleared by a claim that finds nothing more due.
    private volatile bool _diskBacklog;

    public SqliteEventJournal(string dataDirectory, string synchronous, ILogger<SqliteEventJournal> logger,
        Dispatch.DeliveryQueue? queue = null, int memoryBacklog = int.MaxValue, TimeSpan? eventRetention = null,
        JournalLeasing? leasing = null, TimeProvider? time = null, Func<bool>? mayTrim = null)
    {
        _logger = logger;
        _eventRetention = eventRetention ?? TimeSpan.FromHours(24);
        _queue = queue;
        _memoryBacklog = Math.Max(1, memoryBacklog);
        _leasing = leasing ?? JournalLeasing.Exclusive();
        _time = time ?? TimeProvider.System;
        _mayTrim = mayTrim ?? (static () => true);
        Path = System.IO.Path.Combine(dataDirectory, "journal.db");
        // Several journals may share the file (nodes of one database; two instances in tests): a write waits for
        // another's transaction instead of failing.
        _connection = Storage.SqliteFiles.OpenWal(Path, synchronous, busyTimeout: TimeSpan.FromSeconds(30));
        CreateSchema();
        LegacyJournalMigration.Run(_connection, _logger);
        PrepareAtOpen();
        _archiveRows = new SqliteArchiveRows(_connection, Path);

        _insertEvent = new RawBatchInsert(_connection, "event_log", ["event_id", "bus_account", "bus_region", "bus_name", "envelope", "ingested_at", "hop"]);
        _insertDelivery = new RawBatchInsert(_connection, "delivery_queue", ["event_ref", "rule_account", "rule_region", "rule_bus", "rule_name", "target_id",
            "next_attempt_at", "lease_owner", "lease_expires_at"]);
        _deleteRange = Command("DELETE FROM delivery_queue WHERE id BETWEEN $first AND $last", "$first", "$last");
        _retry = Command("""
            UPDATE delivery_queue SET attempts = $attempts, next_attempt_at = $next, last_error_code = $code,
                last_error_message = $message, lease_owner = NULL, lease_expires_at = 0
            WHERE id = $id AND lease_owner = $me
            """, "$attempts", "$next", "$code", "$message", "$id", "$me");
        // This node's rows have claimable_at = their lease expiry, within a lease of now (a little past it if a
        // renewal was late); the range keeps the scan to those and the retries due in that window.
        _renew = Command($"""
            UPDATE delivery_queue SET lease_expires_at = $until
            WHERE {ClaimableAt} > $from AND {ClaimableAt} <= $until AND lease_owner = $me
            """, "$from", "$until", "$me");
        _oldestEvent = Command("SELECT ingested_at FROM event_log ORDER BY id LIMIT 1");
        // Oldest first, and never an event a pending delivery still reads its envelope from: deliveries are inserted
        // in the same order as their events, so the oldest delivery row refers to the oldest such event.
        _trimEvents = Command("""
            DELETE FROM event_log WHERE id IN (
                SELECT id FROM event_log
                WHERE id < COALESCE((SELECT event_ref FROM delivery_queue ORDER BY id LIMIT 1), 9223372036854775807)
                ORDER BY id LIMIT $max)
            AND ingested_at < $before
            """, "$max", "$before");
        // UPDATE ... RETURNING: the rows are leased in the statement that picks them, so two claimers never get the
        // same row (SQLite's write lock; PostgreSQL would pick them with FOR UPDATE SKIP LOCKED).
        _claim = Command($"""
            UPDATE delivery_queue SET lease_owner = $me, lease_expires_at = $until
            WHERE id IN (
                SELECT id FROM delivery_queue
                WHERE {ClaimableAt} <= $now AND (lease_owner IS NULL OR lease_owner <> $me)
                ORDER BY {ClaimableAt}, id LIMIT $max)
            RETURNING id, event_ref, rule_account, rule_region, rule_bus, rule_name, target_id, attempts, last_error_code, last_error_message
            """, "$me", "$until", "$now", "$max");
        _readEvent = Command("SELECT event_id, bus_account, bus_region, bus_name, envelope, ingested_at, hop FROM event_log WHERE id = $id", "$id");
        _nextClaimable = Command($"""
            SELECT {ClaimableAt} FROM delivery_queue
            WHERE {ClaimableAt} > $now AND (lease_owner IS NULL OR lease_owner <> $me)
            ORDER BY {ClaimableAt} LIMIT 1
            """, "$now", "$me");
        _transactional = [_deleteRange, _retry, _renew, _oldestEvent, _trimEvents, _claim, _readEvent, _nextClaimable, .. _archiveRows.Transactional];
        _lastTrimMs = _time.GetUtcNow().ToUnixTimeMilliseconds();

        _writer = Task.Factory.StartNew(WriteLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        // Re-armed by each renewal rather than periodic, so a renewal is never queued while the last one waits.
        _renewal = _time.CreateTimer(_ => _writes.Writer.TryWrite(JournalWrite.Renew.Instance), null, RenewEvery, Timeout.InfiniteTimeSpan);
    }

    public string Path { get; }

    private TimeSpan RenewEvery => _leasing.LeaseDuration / 3;

    private void CreateSchema() => Execute("""
        CREATE TABLE IF NOT EXISTS event_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused, so a reader can resume from a position
            event_id TEXT NOT NULL,
            bus_account TEXT NOT NULL,
            bus_region TEXT NOT NULL,
            bus_name TEXT NOT NULL,
            envelope BLOB NOT NULL,
            ingested_at INTEGER NOT NULL, -- unix milliseconds
            hop INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS event_log_by_bus_time ON event_log (bus_account, bus_region, bus_name, ingested_at);
        CREATE TABLE IF NOT EXISTS delivery_queue (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            event_ref INTEGER NOT NULL, -- event_log.id
            rule_account TEXT NOT NULL,
            rule_region TEXT NOT NULL,
            rule_bus TEXT NOT NULL,
            rule_name TEXT NOT NULL,
            target_id TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL, -- unix milliseconds
            last_error_code TEXT,
            last_error_message TEXT,
            lease_owner TEXT, -- node id; NULL: unleased
            lease_expires_at INTEGER NOT NULL DEFAULT 0 -- unix milliseconds
        );
        CREATE INDEX IF NOT EXISTS delivery_queue_claimable ON delivery_queue (max(next_attempt_at, lease_expires_at));
        """);

    /// <summary>
    /// Bounded work at open, never a read of every pending row: with the data directory ours alone, leases left by a
    /// crashed predecessor are released (at most what it had in memory); retries due later than the longest backoff
    /// from now are brought forward (none, unless the setting was lowered).
    /// </summary>
    private void PrepareAtOpen()
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        using var transaction = _connection.BeginTransaction();
        if (_leasing.ExclusiveDataDirectory)
        {
            var released = Execute($"UPDATE delivery_queue SET lease_owner = NULL, lease_expires_at = 0 WHERE {ClaimableAt} > {now} AND lease_owner IS NOT NULL", transaction);
            if (released > 0) _logger.LogInformation("released {Count} delivery leases left by a previous run", released);
        }
        var cap = now + (long)_leasing.MaxBackoff.TotalMilliseconds;
        Execute($"UPDATE delivery_queue SET next_attempt_at = {cap} WHERE {ClaimableAt} > {cap} AND next_attempt_at > {cap}", transaction);
        transaction.Commit();
    }

    public ValueTask<IReadOnlyList<PendingDelivery>> AppendAsync(IReadOnlyList<AcceptedEvent> events, IReadOnlyList<DeliveryTask> deliveries, CancellationToken cancellation)
    {
        // Ids are given at commit (see the class comment).
        var rows = JournalRows.Pair(events, deliveries, static () => 0);
        if (events.Count == 0) return ValueTask.FromResult<IReadOnlyList<PendingDelivery>>(rows);
        var append = new JournalWrite.Append(rows, events);
        ObjectDisposedException.ThrowIf(!_writes.Writer.TryWrite(append), this);
        // Cancellation is not passed on: once queued the rows will be committed, and the caller must not be told
        // otherwise (a cancelled request whose events are then delivered is fine; the reverse would lose events).
        return new ValueTask<IReadOnlyList<PendingDelivery>>(append.Committed.Task);
    }

    public IReadOnlyList<ArchivedEvent> Read(string archiveArn, DateTimeOffset from, DateTimeOffset to, long afterPosition, int max, DateTimeOffset archivedSince) =>
        _archiveRows.Read(archiveArn, from, to, afterPosition, max, archivedSince);

    public ArchiveTotals Totals(string archiveArn) => _archiveRows.Totals(archiveArn);

    public ValueTask<long> RemoveAsync(string archiveArn, DateTimeOffset? archivedBefore, CancellationToken cancellation) =>
        JournalWrite.RemoveArchived.Queue(_writes.Writer, this, archiveArn, archivedBefore, cancellation);

    public void Complete(long deliveryId) => _writes.Writer.TryWrite(new JournalWrite.Remove(deliveryId));

    public void Retry(PendingDelivery delivery, DateTimeOffset nextAttemptAt) =>
        _writes.Writer.TryWrite(JournalWrite.Retry.Of(delivery, nextAttemptAt));

    public bool HasDiskBacklog => _diskBacklog;

    public ValueTask<DeliveryClaim> ClaimAsync(int max, CancellationToken cancellation)
    {
        var claim = new JournalWrite.Claim(Math.Max(1, max));
        if (!_writes.Writer.TryWrite(claim)) return ValueTask.FromResult(new DeliveryClaim([], null));
        return new ValueTask<DeliveryClaim>(claim.Claimed.Task);
    }

    private async Task WriteLoop()
    {
        var batch = new List<JournalWrite>(256);
        var reader = _writes.Reader;
        while (await reader.WaitToReadAsync())
        {
            JournalCommitBuffers.Take(reader, batch, MaxRowsPerCommit);
            Commit(batch);
        }
        ReleaseHeld();
    }

    private void Commit(List<JournalWrite> batch)
    {
        try
        {
            _buffers.Collect(batch);
            // Hand this commit's deliveries to the dispatcher only if nothing due waits on disk before them and the
            // ready queue has room; otherwise they are inserted unleased and join the disk backlog.
            var handOut = _buffers.Rows.Count == 0 || (!_diskBacklog && (_queue?.Count ?? 0) + _buffers.Rows.Count <= _memoryBacklog);
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            if (_buffers.HasWrites)
            {
                using var transaction = _connection.BeginTransaction();
                SetTransaction(transaction);
                InsertEvents(_buffers.Events);
                _archiveRows.Insert(_buffers.Events);
                foreach (var removal in _buffers.ArchiveRemovals) removal.LastChunk = _archiveRows.RemoveChunkOf(removal.Arn, removal.BeforeMs);
                InsertRows(_buffers.Rows, handOut, now);
                ApplyRetries(_buffers.Retries);
                DeleteRows(_buffers.Removed);
                if (_buffers.Renew) Renew(now);
                TrimEvents(now);
                transaction.Commit();
                SetTransaction(null);
            }
            if (!handOut)
            {
                _diskBacklog = true;
                // The dispatcher claims the backlog when its queue has room: tell it there is one.
                _queue?.SignalRefill();
            }
            foreach (var write in batch)
            {
                switch (write)
                {
                    case JournalWrite.Append append: append.Committed.TrySetResult(handOut ? append.Rows : []); break;
                    case JournalWrite.Claim claim: Claim(claim); break;
                    case JournalWrite.RemoveArchived removal: removal.Committed(_writes.Writer, SqliteArchiveRows.RemoveChunk); break;
                }
            }
        }
        catch (Exception error)
        {
            _logger.LogError(error, "journal commit of {Count} writes failed", batch.Count);
            if (JournalWrite.FailCommit(batch, error) is { } outcomes) _ = RequeueAsync(outcomes);
        }
        finally
        {
            _eventIds.Clear();
        }
    }

    /// <summary>Writes outcomes of a failed commit again after a pause (not at once: a disk that refused one commit
    /// would otherwise be retried in a tight loop).</summary>
    private async Task RequeueAsync(List<JournalWrite> outcomes)
    {
        await Task.Delay(TimeSpan.FromSeconds(1), _time).ConfigureAwait(false);
        foreach (var write in outcomes) _writes.Writer.TryWrite(write);
    }

    private void SetTransaction(SqliteTransaction? transaction)
    {
        foreach (var command in _transactional) command.Transaction = transaction;
    }

    private void InsertEvents(List<AcceptedEvent> events) => _insertEvent.InsertAll(events, static (row, e) =>
    {
        row.Text(0, e.EventId);
        row.Text(1, e.BusScope.AccountId);
        row.Text(2, e.BusScope.Region);
        row.Text(3, e.BusName);
        row.Blob(4, e.Envelope);
        row.Int64(5, e.IngestedAt.ToUnixTimeMilliseconds());
        row.Int64(6, e.Hop);
    }, (e, id) => _eventIds[e] = id);

    private void InsertRows(List<PendingDelivery> rows, bool leased, long now)
    {
        if (rows.Count == 0) return;
        _insertOwner = leased ? _leasing.NodeId : null;
        _insertLeaseUntil = leased ? now + (long)_leasing.LeaseDuration.TotalMilliseconds : 0;
        _insertNow = now;
        _insertDelivery.InsertAll(rows, (row, delivery) =>
        {
            var t = delivery.Task;
            row.Int64(0, _eventIds[delivery.Event]);
            row.Text(1, t.RuleScope.AccountId);
            row.Text(2, t.RuleScope.Region);
            row.Text(3, t.BusName);
            row.Text(4, t.RuleName);
            row.Text(5, t.TargetId);
            row.Int64(6, _insertNow);
            if (_insertOwner is null) row.Null(7);
            else row.Text(7, _insertOwner);
            row.Int64(8, _insertLeaseUntil);
        }, static (delivery, id) => delivery.Id = id);
    }

    private void ApplyRetries(List<JournalWrite.Retry> retries)
    {
        foreach (var retry in retries)
        {
            var p = _retry.Parameters;
            p[0].Value = retry.Attempts;
            p[1].Value = retry.NextAttemptAtMs;
            p[2].Value = (object?)retry.ErrorCode ?? DBNull.Value;
            p[3].Value = (object?)retry.ErrorMessage ?? DBNull.Value;
            p[4].Value = retry.Id;
            p[5].Value = _leasing.NodeId;
            _retry.ExecuteNonQuery();
        }
    }

    private void Renew(long now)
    {
        var lease = (long)_leasing.LeaseDuration.TotalMilliseconds;
        _renew.Parameters[0].Value = now - lease;
        _renew.Parameters[1].Value = now + lease;
        _renew.Parameters[2].Value = _leasing.NodeId;
        _renew.ExecuteNonQuery();
        try
        {
            _renewal.Change(RenewEvery, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Closing.
        }
    }

    /// <summary>
    /// Drops events past the retention period, oldest first: at most once a second and at most <see cref="TrimChunk"/>
    /// at a time, inside a commit already under way (one unbounded DELETE after a day at a high rate would hold
    /// every append behind it for seconds), and only while this process holds the retention lease.
    /// </summary>
    private void TrimEvents(long now)
    {
        if (now - _lastTrimMs < 1_000) return;
        _lastTrimMs = now;
        var before = now - (long)_eventRetention.TotalMilliseconds;
        // The common case, nothing expired, costs one indexed lookup.
        if (_oldestEvent.ExecuteScalar() is not long oldest || oldest >= before || !_mayTrim()) return;
        _trimEvents.Parameters[0].Value = TrimChunk;
        _trimEvents.Parameters[1].Value = before;
        _trimEvents.ExecuteNonQuery();
    }

    /// <summary>
    /// Deliveries finish roughly in the order they were appended, so sorted ids form long runs: one range delete per
    /// run instead of one statement per delivery.
    /// </summary>
    private void DeleteRows(List<long> ids)
    {
        if (ids.Count == 0) return;
        ids.Sort();
        var first = ids[0];
        var last = first;
        for (var i = 1; i <= ids.Count; i++)
        {
            if (i < ids.Count && ids[i] <= last + 1)
            {
                last = Math.Max(last, ids[i]);
                continue;
            }
            _deleteRange.Parameters[0].Value = first;
            _deleteRange.Parameters[1].Value = last;
            _deleteRange.ExecuteNonQuery();
            if (i < ids.Count) first = last = ids[i];
        }
    }

    /// <summary>Leases the due deliveries (one transaction) and reads their events; oldest first.</summary>
    private void Claim(JournalWrite.Claim claim)
    {
        try
        {
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            var claimed = new List<(long Id, long EventRef, int Attempts, InvocationResult? Failure, string[] Rule)>();
            using var transaction = _connection.BeginTransaction();
            SetTransaction(transaction);
            var p = _claim.Parameters;
            p[0].Value = _leasing.NodeId;
            p[1].Value = now + (long)_leasing.LeaseDuration.TotalMilliseconds;
            p[2].Value = now;
            p[3].Value = claim.Max;
            using (var reader = _claim.ExecuteReader())
            {
                while (reader.Read())
                {
                    InvocationResult? failure = reader.IsDBNull(8) ? null
                        : InvocationResult.Failure(reader.GetString(8), reader.IsDBNull(9) ? "" : reader.GetString(9), retryable: true);
                    claimed.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(7), failure,
                        [reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6)]));
                }
            }
            claimed.Sort((a, b) => a.Id.CompareTo(b.Id));
            // Deliveries of one event share one AcceptedEvent, as they did when they were appended.
            var events = new Dictionary<long, AcceptedEvent>();
            var result = new List<PendingDelivery>(claimed.Count);
            foreach (var row in claimed)
            {
                if (!events.TryGetValue(row.EventRef, out var accepted))
                {
                    accepted = ReadEvent(row.EventRef);
                    events[row.EventRef] = accepted;
                }
                var task = new DeliveryTask(accepted.EventId, new AccountRegion(row.Rule[0], row.Rule[1]), row.Rule[2], row.Rule[3], row.Rule[4]);
                result.Add(new PendingDelivery(row.Id, accepted, task) { Attempts = row.Attempts, LastFailure = row.Failure });
            }
            DateTimeOffset? next = null;
            if (result.Count < claim.Max)
            {
                // Nothing more is due now: later appends go straight out again.
                _diskBacklog = false;
                _nextClaimable.Parameters[0].Value = now;
                _nextClaimable.Parameters[1].Value = _leasing.NodeId;
                if (_nextClaimable.ExecuteScalar() is long at) next = DateTimeOffset.FromUnixTimeMilliseconds(at);
            }
            else next = DateTimeOffset.FromUnixTimeMilliseconds(now);
            transaction.Commit();
            claim.Claimed.TrySetResult(new DeliveryClaim(result, next));
        }
        catch (Exception error)
        {
            _logger.LogError(error, "claiming deliveries from the journal failed");
            claim.Claimed.TrySetException(error);
        }
        finally
        {
            SetTransaction(null);
        }
    }

    private AcceptedEvent ReadEvent(long id)
    {
        _readEvent.Parameters[0].Value = id;
        using var reader = _readEvent.ExecuteReader();
        if (!reader.Read()) throw new InvalidOperationException($"the journal's delivery refers to event log entry {id}, which is missing");
        return new AcceptedEvent(reader.GetString(0), new AccountRegion(reader.GetString(1), reader.GetString(2)), reader.GetString(3),
            (byte[])reader.GetValue(4), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)), reader.GetInt32(6));
    }

    /// <summary>On a clean stop: this node's leases are given up, so the next process (or node) resumes at once.</summary>
    private void ReleaseHeld()
    {
        try
        {
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            var lease = (long)_leasing.LeaseDuration.TotalMilliseconds;
            using var release = _connection.CreateCommand();
            release.CommandText = $"UPDATE delivery_queue SET lease_owner = NULL, lease_expires_at = 0 WHERE {ClaimableAt} > $from AND lease_owner = $me";
            release.Parameters.AddWithValue("$from", now - lease);
            release.Parameters.AddWithValue("$me", _leasing.NodeId);
            release.ExecuteNonQuery();
        }
        catch (SqliteException error)
        {
            _logger.LogWarning(error, "releasing delivery leases at shutdown failed; they expire on their own");
        }
    }

    private SqliteCommand Command(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }

    private int Execute(string sql, SqliteTransaction? transaction = null)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command.ExecuteNonQuery();
    }

    /// <summary>
    /// Counts on a connection of its own (the writer's connection belongs to the writer thread); in WAL mode the read
    /// sees the last commit. Completed deliveries are removed lazily, so the count may include a few just finished.
    /// </summary>
    public JournalStatus Status()
    {
        var open = !_writer.IsCompleted;
        long pending = 0;
        DateTimeOffset? oldest = null;
        if (open)
        {
            using var reader = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = Path,
                Mode = SqliteOpenMode.ReadOnly,
                Pooling = false,
            }.ToString());
            reader.Open();
            using var command = reader.CreateCommand();
            command.CommandText = """
                SELECT COUNT(*),
                       (SELECT ingested_at FROM event_log WHERE id = (SELECT event_ref FROM delivery_queue ORDER BY id LIMIT 1))
                FROM delivery_queue
                """;
            using var row = command.ExecuteReader();
            if (row.Read())
            {
                pending = row.GetInt64(0);
                if (!row.IsDBNull(1)) oldest = DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(1));
            }
        }
        var size = 0L;
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            var file = new FileInfo(Path + suffix);
            if (file.Exists) size += file.Length;
        }
        return new JournalStatus(open, pending, oldest, size);
    }

    public void Dispose()
    {
        // Let the writer commit what is queued (completions included), give up this node's leases, then close.
        _renewal.Dispose();
        _writes.Writer.TryComplete();
        try
        {
            _writer.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
        }
        _insertDelivery.Dispose();
        _insertEvent.Dispose();
        _archiveRows.Dispose();
        foreach (var command in new[] { _deleteRange, _retry, _renew, _oldestEvent, _trimEvents, _claim, _readEvent, _nextClaimable })
            command.Dispose();
        _connection.Dispose();
    }
}
