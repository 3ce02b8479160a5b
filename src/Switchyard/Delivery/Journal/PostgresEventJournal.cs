using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Switchyard.Delivery.Archives;
using Switchyard.Domain;
using Switchyard.Domain.Routing;
using Switchyard.Storage.Postgres;

namespace Switchyard.Delivery.Journal;

/// <summary>
/// The journal of nodes sharing one PostgreSQL database (tables <c>event_log</c> and <c>delivery_queue</c>, migration
/// 0002): the same work queue as <see cref="SqliteEventJournal"/>, shared by every node of the cluster.
/// <para>
/// Throughput comes from group commit, as on SQLite: appends, completions, retries and lease renewals go through one
/// channel to one writer loop, which takes whatever has queued up and sends it as one batch of prepared statements
/// (one round trip, one implicit transaction, one WAL flush). The appends of a commit are a single statement over
/// arrays (<c>unnest</c>) that numbers the events and deliveries from their sequences and inserts both, so a
/// delivery's event id needs no round trip. Appended deliveries are inserted leased to this node and handed straight
/// to the dispatcher.
/// </para>
/// <para>
/// Leases expire by the database's clock (<c>now()</c>), so nodes whose clocks disagree still agree on whose lease
/// ran out; retry times are the nodes' own (a skew shifts a backoff, never ownership). Claims pick rows with
/// <c>FOR UPDATE SKIP LOCKED</c> and lease them in the same statement: claimers on different nodes never take the
/// same row and never wait for each other. Nothing is released at open (other nodes' leases are live); a clean stop
/// releases this node's leases, a dead node's expire.
/// </para>
/// <para>
/// Archives (<see cref="IArchiveStore"/>): an event's archive rows (<see cref="AcceptedEvent.Archives"/>) are written in
/// the commit that writes the event, so each archive holds it exactly once (<see cref="PostgresArchiveRows"/>).
/// </para>
/// </summary>
public sealed class PostgresEventJournal : IEventJournal, IArchiveStore
{
    /// <summary>Caps one transaction so a burst cannot hold appends that arrived early behind a huge commit.</summary>
    private const int MaxRowsPerCommit = 20_000;

    /// <summary>At most this many expired events are dropped per trim (one trim a second at most).</summary>
    private const int TrimChunk = 10_000;

    /// <summary>
    /// The appends of a commit: events and deliveries numbered from their sequences in input order (a delivery refers
    /// to its event by position, <c>event_ord</c>), both inserted, the deliveries' ids returned in input order.
    /// </summary>
    private const string InsertSql = """
        WITH ev AS MATERIALIZED (
            SELECT nextval('event_log_id_seq') AS id, e.*
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bytea[], $6::timestamptz[], $7::integer[])
                WITH ORDINALITY AS e(event_id, bus_account, bus_region, bus_name, envelope, ingested_at, hop, ord)),
        inserted_events AS (
            INSERT INTO event_log (id, event_id, bus_account, bus_region, bus_name, envelope, ingested_at, hop)
            SELECT id, event_id, bus_account, bus_region, bus_name, envelope, ingested_at, hop FROM ev),
        dl AS MATERIALIZED (
            SELECT nextval('delivery_queue_id_seq') AS id, d.*
            FROM unnest($8::integer[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[])
                WITH ORDINALITY AS d(event_ord, rule_account, rule_region, rule_bus, rule_name, target_id, ord)),
        inserted_deliveries AS (
            INSERT INTO delivery_queue (id, event_ref, rule_account, rule_region, rule_bus, rule_name, target_id,
                next_attempt_at, lease_owner, lease_expires_at)
            SELECT dl.id, ev.id, dl.rule_account, dl.rule_region, dl.rule_bus, dl.rule_name, dl.target_id,
                $14, $15, CASE WHEN $15 IS NULL THEN NULL ELSE now() + $16 * interval '1 millisecond' END
            FROM dl JOIN ev ON ev.ord = dl.event_ord)
        SELECT id FROM dl ORDER BY ord
        """;

    private const string RetrySql = """
        UPDATE delivery_queue q SET attempts = r.attempts, next_attempt_at = r.next_attempt_at, last_error_code = r.code,
            last_error_message = r.message, lease_owner = NULL, lease_expires_at = NULL
        FROM unnest($1::bigint[], $2::integer[], $3::timestamptz[], $4::text[], $5::text[]) AS r(id, attempts, next_attempt_at, code, message)
        WHERE q.id = r.id AND q.lease_owner = $6
        """;

    private const string DeleteSql = "DELETE FROM delivery_queue WHERE id = ANY($1::bigint[])";

    // This node's live leases (and those it let lapse by less than a lease: a late renewal), found by expiry range.
    private const string RenewSql = """
        UPDATE delivery_queue SET lease_expires_at = now() + $2 * interval '1 millisecond'
        WHERE lease_owner IS NOT NULL AND lease_expires_at > now() - $2 * interval '1 millisecond' AND lease_owner = $1
        """;

    // Oldest first, and never an event a pending delivery still reads its envelope from. The one-time check of the
    // oldest event keeps the common case (nothing expired) to one index lookup.
    private const string TrimSql = """
        DELETE FROM event_log WHERE id IN (
            SELECT id FROM event_log
            WHERE id < COALESCE((SELECT min(event_ref) FROM delivery_queue), 9223372036854775807)
            ORDER BY id LIMIT $1)
        AND ingested_at < $2
        AND (SELECT ingested_at FROM event_log ORDER BY id LIMIT 1) < $2
        """;

    // Two indexed candidate lists (unleased and due by the claimer's clock; leased by another node whose lease ran out
    // by the database's), each locked with SKIP LOCKED, the oldest due of both leased to this node. A row another
    // claimer took meanwhile is skipped (locked) or fails the re-check of its condition (committed).
    private const string ClaimSql = """
        WITH waiting AS (
            SELECT id, next_attempt_at AS due FROM delivery_queue
            WHERE lease_owner IS NULL AND next_attempt_at <= $3
            ORDER BY next_attempt_at, id LIMIT $4 FOR UPDATE SKIP LOCKED),
        expired AS (
            SELECT id, lease_expires_at AS due FROM delivery_queue
            WHERE lease_owner IS NOT NULL AND lease_expires_at <= now() AND lease_owner <> $1
            ORDER BY lease_expires_at, id LIMIT $4 FOR UPDATE SKIP LOCKED),
        picked AS (
            SELECT id FROM (SELECT * FROM waiting UNION ALL SELECT * FROM expired) AS candidates ORDER BY due, id LIMIT $4),
        claimed AS (
            UPDATE delivery_queue q SET lease_owner = $1, lease_expires_at = now() + $2 * interval '1 millisecond'
            FROM picked WHERE q.id = picked.id
            RETURNING q.id, q.event_ref, q.rule_account, q.rule_region, q.rule_bus, q.rule_name, q.target_id, q.attempts,
                q.last_error_code, q.last_error_message)
        SELECT c.id, c.event_ref, c.rule_account, c.rule_region, c.rule_bus, c.rule_name, c.target_id, c.attempts,
            c.last_error_code, c.last_error_message,
            e.event_id, e.bus_account, e.bus_region, e.bus_name, e.envelope, e.ingested_at, e.hop
        FROM claimed c LEFT JOIN event_log e ON e.id = c.event_ref
        ORDER BY c.id
        """;

    // When the earliest row not claimable now becomes claimable: a retry (the nodes' clock, as a time) or another
    // node's lease (the database's clock, as milliseconds from now, which the claimer adds to its own clock).
    private const string NextClaimableSql = """
        SELECT (SELECT min(next_attempt_at) FROM delivery_queue WHERE lease_owner IS NULL AND next_attempt_at > $1),
               (SELECT CEIL(EXTRACT(EPOCH FROM min(lease_expires_at) - now()) * 1000)::bigint FROM delivery_queue
                WHERE lease_owner IS NOT NULL AND lease_expires_at > now() AND lease_owner <> $2)
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresArchiveRows _archiveRows;
    // The writer loop's own connection, kept open (its statements stay prepared, and a commit is one round trip
    // without a pool reset); dropped after an error and opened again by the next commit.
    private NpgsqlConnection? _connection;
    private readonly Channel<JournalWrite> _writes = Channel.CreateUnbounded<JournalWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly JournalLeasing _leasing;
    private readonly Func<bool> _mayTrim;
    private readonly ITimer _renewal;
    private readonly TimeSpan _eventRetention;
    private long _lastTrimMs;

    // Writer loop only: buffers reused by every commit.
    private readonly JournalCommitBuffers _buffers = new();
    private readonly Dictionary<AcceptedEvent, int> _eventOrdinals = new(ReferenceEqualityComparer.Instance);

    private readonly Dispatch.DeliveryQueue? _queue;
    private readonly int _memoryBacklog;
    // Set by a commit that leaves deliveries unleased, cleared by a claim that finds nothing more due.
    private volatile bool _diskBacklog;

    public PostgresEventJournal(PostgresDatabase database, ILogger<PostgresEventJournal> logger, JournalLeasing leasing,
        Dispatch.DeliveryQueue? queue = null, int memoryBacklog = int.MaxValue, TimeSpan? eventRetention = null,
        TimeProvider? time = null, Func<bool>? mayTrim = null)
    {
        _dataSource = database.DataSource;
        _archiveRows = new PostgresArchiveRows(_dataSource);
        _logger = logger;
        _leasing = leasing;
        _queue = queue;
        _memoryBacklog = Math.Max(1, memoryBacklog);
        _eventRetention = eventRetention ?? TimeSpan.FromHours(24);
        _time = time ?? TimeProvider.System;
        _mayTrim = mayTrim ?? (static () => true);
        CapRetriesAtOpen();
        _lastTrimMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        _writer = Task.Run(WriteLoop);
        // Re-armed by each renewal rather than periodic, so a renewal is never queued while the last one waits.
        _renewal = _time.CreateTimer(_ => _writes.Writer.TryWrite(JournalWrite.Renew.Instance), null, RenewEvery, Timeout.InfiniteTimeSpan);
    }

    private TimeSpan RenewEvery => _leasing.LeaseDuration / 3;

    private long LeaseMs => (long)_leasing.LeaseDuration.TotalMilliseconds;

    /// <summary>
    /// Retries due later than the longest backoff from now are brought forward (none, unless the setting was
    /// lowered). Nothing else happens at open: leases in the table are other nodes' (or a crashed predecessor's, whose
    /// node id differed) and expire on their own.
    /// </summary>
    private void CapRetriesAtOpen()
    {
        var cap = _time.GetUtcNow() + _leasing.MaxBackoff;
        using var command = _dataSource.CreateCommand(
            "UPDATE delivery_queue SET next_attempt_at = $1 WHERE lease_owner IS NULL AND next_attempt_at > $1");
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = cap.UtcDateTime });
        command.ExecuteNonQuery();
    }

    public ValueTask<IReadOnlyList<PendingDelivery>> AppendAsync(IReadOnlyList<AcceptedEvent> events, IReadOnlyList<DeliveryTask> deliveries, CancellationToken cancellation)
    {
        // Ids are given at commit.
        var rows = JournalRows.Pair(events, deliveries, static () => 0);
        if (events.Count == 0) return ValueTask.FromResult<IReadOnlyList<PendingDelivery>>(rows);
        var append = new JournalWrite.Append(rows, events);
        ObjectDisposedException.ThrowIf(!_writes.Writer.TryWrite(append), this);
        // Not cancellable once queued: the rows will be committed, and the caller must not be told otherwise.
        return new ValueTask<IReadOnlyList<PendingDelivery>>(append.Committed.Task);
    }

    public IReadOnlyList<ArchivedEvent> Read(string archiveArn, DateTimeOffset from, DateTimeOffset to, long afterPosition, int max, DateTimeOffset archivedSince) =>
        _archiveRows.Read(archiveArn, from, to, afterPosition, max, archivedSince);

    public ArchiveTotals Totals(string archiveArn) => _archiveRows.Totals(archiveArn);

    public ValueTask<long> RemoveAsync(string archiveArn, DateTimeOffset? archivedBefore, CancellationToken cancellation) =>
        JournalWrite.RemoveArchived.Queue(_writes.Writer, this, archiveArn, archivedBefore, cancellation);

    public void Complete(long deliveryId) => _writes.Writer.TryWrite(new JournalWrite.Remove(deliveryId));

    public void Retry(PendingDelivery delivery, DateTimeOffset nextAttemptAt) => _writes.Writer.TryWrite(JournalWrite.Retry.Of(delivery, nextAttemptAt));

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
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            JournalCommitBuffers.Take(reader, batch, MaxRowsPerCommit);
            await CommitAsync(batch).ConfigureAwait(false);
        }
        await DropConnectionAsync().ConfigureAwait(false);
        await ReleaseHeldAsync().ConfigureAwait(false);
    }

    private async Task CommitAsync(List<JournalWrite> batch)
    {
        try
        {
            _buffers.Collect(batch);
            // Hand this commit's deliveries to the dispatcher only if nothing due waits in the table before them and
            // the ready queue has room; otherwise they are inserted unleased and join the backlog.
            var handOut = _buffers.Rows.Count == 0 || (!_diskBacklog && (_queue?.Count ?? 0) + _buffers.Rows.Count <= _memoryBacklog);
            var now = _time.GetUtcNow();
            if (_buffers.HasWrites)
            {
                var connection = await WriterConnectionAsync().ConfigureAwait(false);
                // Several statements in one batch: one round trip, and PostgreSQL runs them as one transaction.
                await using var commit = new NpgsqlBatch(connection);
                var removals = _buffers.ArchiveRemovals;
                if (removals.Count > 0) commit.BatchCommands.Add(PostgresArchiveRows.LockTotalsCommand(_buffers.Events, removals));
                if (_buffers.Events.Count > 0) commit.BatchCommands.Add(InsertCommand(handOut, now));
                if (PostgresArchiveRows.InsertCommand(_buffers.Events) is { } archived) commit.BatchCommands.Add(archived);
                foreach (var removal in removals) commit.BatchCommands.Add(PostgresArchiveRows.RemoveChunkCommand(removal));
                if (_buffers.Retries.Count > 0) commit.BatchCommands.Add(RetryCommand());
                if (_buffers.Removed.Count > 0) commit.BatchCommands.Add(DeleteCommand());
                if (_buffers.Renew) commit.BatchCommands.Add(RenewCommand());
                if (TrimDue(now) is { } trim) commit.BatchCommands.Add(trim);
                await commit.PrepareAsync().ConfigureAwait(false);
                await using (var reader = await commit.ExecuteReaderAsync().ConfigureAwait(false))
                {
                    // The result sets are told apart by their column: the deliveries' ids (in the order they were
                    // given), then each removal's count (in the order of the removals); the totals lock's are skipped.
                    var removal = 0;
                    do
                    {
                        if (reader.FieldCount == 0) continue;
                        switch (reader.GetName(0))
                        {
                            case "id":
                                var i = 0;
                                while (await reader.ReadAsync().ConfigureAwait(false)) _buffers.Rows[i++].Id = reader.GetInt64(0);
                                break;
                            case "n":
                                if (await reader.ReadAsync().ConfigureAwait(false)) removals[removal].LastChunk = reader.GetInt64(0);
                                removal++;
                                break;
                        }
                    }
                    while (await reader.NextResultAsync().ConfigureAwait(false));
                }
                if (_buffers.Renew) RearmRenewal();
            }
            if (!handOut)
            {
                _diskBacklog = true;
                _queue?.SignalRefill();
            }
            foreach (var write in batch)
            {
                switch (write)
                {
                    case JournalWrite.Append append: append.Committed.TrySetResult(handOut ? append.Rows : []); break;
                    case JournalWrite.Claim claim: await ClaimAsync(claim).ConfigureAwait(false); break;
                    case JournalWrite.RemoveArchived removal: removal.Committed(_writes.Writer, PostgresArchiveRows.RemoveChunk); break;
                }
            }
        }
        catch (Exception error)
        {
            _logger.LogError(error, "journal commit of {Count} writes failed", batch.Count);
            await DropConnectionAsync().ConfigureAwait(false);
            // A renewal that failed is tried again at the next period; the leases outlive a few failed renewals.
            if (batch.Contains(JournalWrite.Renew.Instance)) RearmRenewal();
            if (JournalWrite.FailCommit(batch, error) is { } outcomes) _ = RequeueAsync(outcomes);
        }
        finally
        {
            _eventOrdinals.Clear();
        }
    }

    private async ValueTask<NpgsqlConnection> WriterConnectionAsync() =>
        _connection ??= await _dataSource.OpenConnectionAsync().ConfigureAwait(false);

    private async ValueTask DropConnectionAsync()
    {
        if (_connection is null) return;
        await _connection.DisposeAsync().ConfigureAwait(false);
        _connection = null;
    }

    /// <summary>Writes outcomes of a failed commit again after a pause (a database that refused one commit would
    /// otherwise be retried in a tight loop).</summary>
    private async Task RequeueAsync(List<JournalWrite> outcomes)
    {
        await Task.Delay(TimeSpan.FromSeconds(1), _time).ConfigureAwait(false);
        foreach (var write in outcomes) _writes.Writer.TryWrite(write);
    }

    private NpgsqlBatchCommand InsertCommand(bool leased, DateTimeOffset now)
    {
        var events = _buffers.Events;
        var eventIds = new string[events.Count];
        var accounts = new string[events.Count];
        var regions = new string[events.Count];
        var buses = new string[events.Count];
        var envelopes = new byte[events.Count][];
        var ingested = new DateTime[events.Count];
        var hops = new int[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            eventIds[i] = e.EventId;
            accounts[i] = e.BusScope.AccountId;
            regions[i] = e.BusScope.Region;
            buses[i] = e.BusName;
            envelopes[i] = e.Envelope;
            ingested[i] = e.IngestedAt.UtcDateTime;
            hops[i] = e.Hop;
            _eventOrdinals[e] = i + 1;
        }
        var rows = _buffers.Rows;
        var eventOrd = new int[rows.Count];
        var ruleAccounts = new string[rows.Count];
        var ruleRegions = new string[rows.Count];
        var ruleBuses = new string[rows.Count];
        var ruleNames = new string[rows.Count];
        var targets = new string[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var t = rows[i].Task;
            eventOrd[i] = _eventOrdinals[rows[i].Event];
            ruleAccounts[i] = t.RuleScope.AccountId;
            ruleRegions[i] = t.RuleScope.Region;
            ruleBuses[i] = t.BusName;
            ruleNames[i] = t.RuleName;
            targets[i] = t.TargetId;
        }
        var command = new NpgsqlBatchCommand(InsertSql);
        var p = command.Parameters;
        p.Add(Array(eventIds));
        p.Add(Array(accounts));
        p.Add(Array(regions));
        p.Add(Array(buses));
        p.Add(new NpgsqlParameter<byte[][]> { TypedValue = envelopes, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        p.Add(new NpgsqlParameter<DateTime[]> { TypedValue = ingested, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        p.Add(new NpgsqlParameter<int[]> { TypedValue = hops, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        p.Add(new NpgsqlParameter<int[]> { TypedValue = eventOrd, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        p.Add(Array(ruleAccounts));
        p.Add(Array(ruleRegions));
        p.Add(Array(ruleBuses));
        p.Add(Array(ruleNames));
        p.Add(Array(targets));
        p.Add(new NpgsqlParameter<DateTime> { TypedValue = now.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.Add(new NpgsqlParameter { Value = leased ? _leasing.NodeId : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter<long> { TypedValue = LeaseMs, NpgsqlDbType = NpgsqlDbType.Bigint });
        return command;
    }

    private NpgsqlBatchCommand RetryCommand()
    {
        var retries = _buffers.Retries;
        var ids = new long[retries.Count];
        var attempts = new int[retries.Count];
        var next = new DateTime[retries.Count];
        var codes = new string?[retries.Count];
        var messages = new string?[retries.Count];
        for (var i = 0; i < retries.Count; i++)
        {
            ids[i] = retries[i].Id;
            attempts[i] = retries[i].Attempts;
            next[i] = DateTimeOffset.FromUnixTimeMilliseconds(retries[i].NextAttemptAtMs).UtcDateTime;
            codes[i] = retries[i].ErrorCode;
            messages[i] = retries[i].ErrorMessage;
        }
        var command = new NpgsqlBatchCommand(RetrySql);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<long[]> { TypedValue = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        p.Add(new NpgsqlParameter<int[]> { TypedValue = attempts, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        p.Add(new NpgsqlParameter<DateTime[]> { TypedValue = next, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        p.Add(Array(codes));
        p.Add(Array(messages));
        p.Add(Text(_leasing.NodeId));
        return command;
    }

    private NpgsqlBatchCommand DeleteCommand()
    {
        var command = new NpgsqlBatchCommand(DeleteSql);
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. _buffers.Removed], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        return command;
    }

    private NpgsqlBatchCommand RenewCommand()
    {
        var command = new NpgsqlBatchCommand(RenewSql);
        command.Parameters.Add(Text(_leasing.NodeId));
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = LeaseMs, NpgsqlDbType = NpgsqlDbType.Bigint });
        return command;
    }

    private void RearmRenewal()
    {
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
    /// at a time, inside a commit already under way, and only while this node holds the retention lease.
    /// </summary>
    private NpgsqlBatchCommand? TrimDue(DateTimeOffset now)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        if (nowMs - _lastTrimMs < 1_000) return null;
        _lastTrimMs = nowMs;
        if (!_mayTrim()) return null;
        var command = new NpgsqlBatchCommand(TrimSql);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = TrimChunk, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = (now - _eventRetention).UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        return command;
    }

    /// <summary>Leases the due deliveries and reads their events, oldest first, in one round trip.</summary>
    private async Task ClaimAsync(JournalWrite.Claim claim)
    {
        try
        {
            var now = _time.GetUtcNow();
            var connection = await WriterConnectionAsync().ConfigureAwait(false);
            await using var batch = new NpgsqlBatch(connection);
            var leasing = new NpgsqlBatchCommand(ClaimSql);
            leasing.Parameters.Add(Text(_leasing.NodeId));
            leasing.Parameters.Add(new NpgsqlParameter<long> { TypedValue = LeaseMs, NpgsqlDbType = NpgsqlDbType.Bigint });
            leasing.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            leasing.Parameters.Add(new NpgsqlParameter<int> { TypedValue = claim.Max, NpgsqlDbType = NpgsqlDbType.Integer });
            batch.BatchCommands.Add(leasing);
            // Runs after the claim in the same transaction, so what it leased is not "claimable later".
            var next = new NpgsqlBatchCommand(NextClaimableSql);
            next.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            next.Parameters.Add(Text(_leasing.NodeId));
            batch.BatchCommands.Add(next);
            await batch.PrepareAsync().ConfigureAwait(false);

            var result = new List<PendingDelivery>();
            DateTimeOffset? nextAt = null;
            await using (var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false))
            {
                // Deliveries of one event share one AcceptedEvent, as they did when they were appended.
                var events = new Dictionary<long, AcceptedEvent>();
                while (await reader.ReadAsync().ConfigureAwait(false))
                {
                    var eventRef = reader.GetInt64(1);
                    if (!events.TryGetValue(eventRef, out var accepted))
                    {
                        if (reader.IsDBNull(10))
                            throw new InvalidOperationException($"the journal's delivery refers to event log entry {eventRef}, which is missing");
                        accepted = new AcceptedEvent(reader.GetString(10), new AccountRegion(reader.GetString(11), reader.GetString(12)), reader.GetString(13),
                            reader.GetFieldValue<byte[]>(14), new DateTimeOffset(reader.GetDateTime(15)), reader.GetInt32(16));
                        events[eventRef] = accepted;
                    }
                    var task = new DeliveryTask(accepted.EventId, new AccountRegion(reader.GetString(2), reader.GetString(3)), reader.GetString(4),
                        reader.GetString(5), reader.GetString(6));
                    InvocationResult? failure = reader.IsDBNull(8) ? null
                        : InvocationResult.Failure(reader.GetString(8), reader.IsDBNull(9) ? "" : reader.GetString(9), retryable: true);
                    result.Add(new PendingDelivery(reader.GetInt64(0), accepted, task) { Attempts = reader.GetInt32(7), LastFailure = failure });
                }
                await reader.NextResultAsync().ConfigureAwait(false);
                if (result.Count < claim.Max && await reader.ReadAsync().ConfigureAwait(false))
                {
                    if (!reader.IsDBNull(0)) nextAt = new DateTimeOffset(reader.GetDateTime(0));
                    if (!reader.IsDBNull(1))
                    {
                        var lease = now + TimeSpan.FromMilliseconds(reader.GetInt64(1));
                        if (nextAt is null || lease < nextAt) nextAt = lease;
                    }
                }
            }
            // Nothing more is due now: later appends go straight out again.
            if (result.Count < claim.Max) _diskBacklog = false;
            else nextAt = now;
            claim.Claimed.TrySetResult(new DeliveryClaim(result, nextAt));
        }
        catch (Exception error)
        {
            _logger.LogError(error, "claiming deliveries from the journal failed");
            await DropConnectionAsync().ConfigureAwait(false);
            claim.Claimed.TrySetException(error);
        }
    }

    /// <summary>On a clean stop: this node's leases are given up, so another node (or the next process) resumes at once.</summary>
    private async Task ReleaseHeldAsync()
    {
        try
        {
            await using var release = _dataSource.CreateCommand("""
                UPDATE delivery_queue SET lease_owner = NULL, lease_expires_at = NULL
                WHERE lease_owner IS NOT NULL AND lease_expires_at > now() - $2 * interval '1 millisecond' AND lease_owner = $1
                """);
            release.Parameters.Add(Text(_leasing.NodeId));
            release.Parameters.Add(new NpgsqlParameter<long> { TypedValue = LeaseMs, NpgsqlDbType = NpgsqlDbType.Bigint });
            await release.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        catch (Exception error) when (error is NpgsqlException or ObjectDisposedException or InvalidOperationException)
        {
            _logger.LogWarning(error, "releasing delivery leases at shutdown failed; they expire on their own");
        }
    }

    /// <summary>
    /// The cluster's queue (every node's pending deliveries), read afresh; completed deliveries are removed lazily, so
    /// the count may include a few just finished. A database that cannot be reached reports the journal closed.
    /// </summary>
    public JournalStatus Status()
    {
        if (_writer.IsCompleted) return new JournalStatus(false, 0, null, 0);
        try
        {
            using var command = _dataSource.CreateCommand("""
                SELECT (SELECT count(*) FROM delivery_queue),
                       (SELECT ingested_at FROM event_log WHERE id = (SELECT event_ref FROM delivery_queue ORDER BY id LIMIT 1)),
                       pg_total_relation_size('event_log') + pg_total_relation_size('delivery_queue')
                """);
            using var row = command.ExecuteReader();
            row.Read();
            DateTimeOffset? oldest = row.IsDBNull(1) ? null : new DateTimeOffset(row.GetDateTime(1));
            return new JournalStatus(true, row.GetInt64(0), oldest, row.GetInt64(2));
        }
        catch (Exception error) when (error is NpgsqlException or ObjectDisposedException)
        {
            _logger.LogWarning(error, "reading the journal's status failed");
            return new JournalStatus(false, 0, null, 0);
        }
    }

    private static NpgsqlParameter<string?[]> Array(string?[] values) =>
        new() { TypedValue = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    private static NpgsqlParameter<string> Text(string value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Text };

    public void Dispose()
    {
        // Let the writer commit what is queued (completions included), give up this node's leases, then stop.
        _renewal.Dispose();
        _writes.Writer.TryComplete();
        try
        {
            _writer.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
        }
    }
}
