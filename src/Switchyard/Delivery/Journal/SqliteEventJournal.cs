using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Switchyard.Domain;
using Switchyard.Domain.Routing;

namespace Switchyard.Delivery.Journal;

/// <summary>
/// The durable journal: <c>journal.db</c> in the data directory (apart from the control-plane database), WAL mode.
/// Throughput comes from group commit: every append and completion goes through one channel to one writer loop,
/// which takes whatever has queued up, writes it all in one transaction (one fsync), and only then completes the
/// appends' tasks. Under load many PutEvents requests share each commit; when idle a lone request commits at once.
/// <para>
/// Memory is bounded: a commit hands its deliveries to the dispatcher only while the dispatcher's ready queue has room
/// (<c>memoryBacklog</c>). Once it has not, deliveries stay in the journal only ("disk backlog") and
/// <see cref="RefillAsync"/> hands them out, oldest first, as the queue drains. Ids are assigned at commit, on the
/// writer thread, so they follow commit order and "every id up to the last handed out" is a watermark that
/// refills continue from.
/// </para>
/// </summary>
public sealed class SqliteEventJournal : IEventJournal
{
    /// <summary>Caps one transaction so a burst cannot hold appends that arrived early behind a huge commit.</summary>
    private const int MaxRowsPerCommit = 20_000;

    private readonly SqliteConnection _connection;
    private readonly Channel<JournalWrite> _writes = Channel.CreateUnbounded<JournalWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private readonly ILogger _logger;

    private readonly RawBatchInsert _insert;
    private readonly SqliteCommand _deleteRange;
    private readonly RawBatchInsert _insertEvent;
    private readonly SqliteCommand _trimEvents;
    private readonly List<AcceptedEvent> _eventBuffer = new(1024);
    private long _lastTrimMs;

    /// <summary>How long events without deliveries stay in the journal.</summary>
    private readonly TimeSpan _eventRetention;

    /// <summary>At most this many expired events are dropped per trim (one trim a second at most), so catching up never stalls a commit.</summary>
    private const int TrimChunk = 10_000;
    private readonly List<PendingDelivery> _rowBuffer = new(1024);
    private readonly List<long> _removedBuffer = new(1024);
    private long _nextId;

    private readonly Dispatch.DeliveryQueue? _queue;
    private readonly int _memoryBacklog;
    // Writer thread only (read elsewhere through HasDiskBacklog): deliveries wait in the journal only, and the id of
    // the last delivery handed out to memory (every committed id above it is on disk only).
    private volatile bool _diskBacklog;
    private long _handedOutThrough;

    public SqliteEventJournal(string dataDirectory, string synchronous, ILogger<SqliteEventJournal> logger,
        Dispatch.DeliveryQueue? queue = null, int memoryBacklog = int.MaxValue, TimeSpan? eventRetention = null)
    {
        _logger = logger;
        _eventRetention = eventRetention ?? TimeSpan.FromHours(24);
        _queue = queue;
        _memoryBacklog = Math.Max(1, memoryBacklog);
        Path = System.IO.Path.Combine(dataDirectory, "journal.db");
        _connection = Storage.SqliteFiles.OpenWal(Path, synchronous);
        // Deliveries carry their event's envelope: an event usually has one or a few deliveries, and one table keeps
        // both the append and the delete to a single row per delivery.
        Execute("""
            CREATE TABLE IF NOT EXISTS deliveries (
                id INTEGER PRIMARY KEY,
                event_id TEXT NOT NULL,
                bus_account TEXT NOT NULL,
                bus_region TEXT NOT NULL,
                bus_name TEXT NOT NULL,
                envelope BLOB NOT NULL,
                ingested_at INTEGER NOT NULL,
                hop INTEGER NOT NULL,
                rule_account TEXT NOT NULL,
                rule_region TEXT NOT NULL,
                rule_bus TEXT NOT NULL,
                rule_name TEXT NOT NULL,
                target_id TEXT NOT NULL
            );
            """);
        // Every accepted event is on disk before PutEvents answers. An event with deliveries travels in their rows;
        // one without (no rule with targets matched) is kept here, for a retention period, so nothing accepted
        // exists only in memory.
        Execute("""
            CREATE TABLE IF NOT EXISTS events (
                event_id TEXT NOT NULL,
                bus_account TEXT NOT NULL,
                bus_region TEXT NOT NULL,
                bus_name TEXT NOT NULL,
                envelope BLOB NOT NULL,
                ingested_at INTEGER NOT NULL,
                hop INTEGER NOT NULL
            );
            CREATE INDEX IF NOT EXISTS events_by_time ON events (ingested_at);
            """);
        using (var max = _connection.CreateCommand())
        {
            max.CommandText = "SELECT COALESCE(MAX(id), 0) FROM deliveries";
            _nextId = (long)max.ExecuteScalar()!;
        }

        _insert = new RawBatchInsert(_connection, "deliveries", ["id", "event_id", "bus_account", "bus_region", "bus_name", "envelope",
            "ingested_at", "hop", "rule_account", "rule_region", "rule_bus", "rule_name", "target_id"]);
        _insertEvent = new RawBatchInsert(_connection, "events", ["event_id", "bus_account", "bus_region", "bus_name", "envelope", "ingested_at", "hop"]);
        _trimEvents = _connection.CreateCommand();
        _trimEvents.CommandText =
            "DELETE FROM events WHERE rowid IN (SELECT rowid FROM events WHERE ingested_at < $before ORDER BY ingested_at LIMIT $max)";
        _trimEvents.Parameters.Add(new SqliteParameter { ParameterName = "$before" });
        _trimEvents.Parameters.Add(new SqliteParameter { ParameterName = "$max", Value = TrimChunk });
        _lastTrimMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        _deleteRange = _connection.CreateCommand();
        _deleteRange.CommandText = "DELETE FROM deliveries WHERE id BETWEEN $first AND $last";
        _deleteRange.Parameters.Add(new SqliteParameter { ParameterName = "$first" });
        _deleteRange.Parameters.Add(new SqliteParameter { ParameterName = "$last" });

        _writer = Task.Factory.StartNew(WriteLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    public string Path { get; }

    public ValueTask<IReadOnlyList<PendingDelivery>> AppendAsync(IReadOnlyList<AcceptedEvent> events, IReadOnlyList<DeliveryTask> deliveries, CancellationToken cancellation)
    {
        // Ids are given at commit (see the class comment).
        var rows = JournalRows.Pair(events, deliveries, static () => 0);
        var withoutDeliveries = WithoutDeliveries(events, rows);
        if (rows.Count == 0 && withoutDeliveries.Count == 0) return ValueTask.FromResult<IReadOnlyList<PendingDelivery>>(rows);
        var append = new JournalWrite.Append(rows, withoutDeliveries);
        ObjectDisposedException.ThrowIf(!_writes.Writer.TryWrite(append), this);
        // Cancellation is not passed on: once queued the rows will be committed, and the caller must not be told
        // otherwise (a cancelled request whose events are then delivered is fine; the reverse would lose events).
        return new ValueTask<IReadOnlyList<PendingDelivery>>(append.Committed.Task);
    }

    private static List<AcceptedEvent> WithoutDeliveries(IReadOnlyList<AcceptedEvent> events, List<PendingDelivery> rows)
    {
        if (rows.Count == 0) return events as List<AcceptedEvent> ?? events.ToList();
        var carried = new HashSet<string>(rows.Select(r => r.Event.EventId), StringComparer.Ordinal);
        return events.Where(e => !carried.Contains(e.EventId)).ToList();
    }

    public void Complete(long deliveryId) => _writes.Writer.TryWrite(new JournalWrite.Remove(deliveryId));

    public IReadOnlyList<PendingDelivery> LoadPending()
    {
        // Called at start, before the dispatcher runs: everything in the journal counts as disk backlog, and the
        // first memoryBacklog of it is handed out now. Through the writer loop, like every other use of the connection.
        var load = new JournalWrite.Load(_memoryBacklog, FromStart: true);
        ObjectDisposedException.ThrowIf(!_writes.Writer.TryWrite(load), this);
        return load.Loaded.Task.GetAwaiter().GetResult();
    }

    public bool HasDiskBacklog => _diskBacklog;

    public ValueTask<IReadOnlyList<PendingDelivery>> RefillAsync(int max)
    {
        var load = new JournalWrite.Load(Math.Max(1, max), FromStart: false);
        if (!_writes.Writer.TryWrite(load)) return ValueTask.FromResult<IReadOnlyList<PendingDelivery>>([]);
        return new ValueTask<IReadOnlyList<PendingDelivery>>(load.Loaded.Task);
    }

    private async Task WriteLoop()
    {
        var batch = new List<JournalWrite>(256);
        var reader = _writes.Reader;
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            var rows = 0;
            while (rows < MaxRowsPerCommit && reader.TryRead(out var write))
            {
                batch.Add(write);
                rows += write is JournalWrite.Append append ? append.Rows.Count + append.Events.Count : 1;
            }
            Commit(batch);
        }
    }

    private void Commit(List<JournalWrite> batch)
    {
        try
        {
            _rowBuffer.Clear();
            _removedBuffer.Clear();
            _eventBuffer.Clear();
            foreach (var write in batch)
            {
                if (write is JournalWrite.Append append)
                {
                    _rowBuffer.AddRange(append.Rows);
                    _eventBuffer.AddRange(append.Events);
                }
                else if (write is JournalWrite.Remove remove) _removedBuffer.Add(remove.Id);
            }
            foreach (var row in _rowBuffer) row.Id = ++_nextId;
            using (var transaction = _connection.BeginTransaction())
            {
                _deleteRange.Transaction = transaction;
                _trimEvents.Transaction = transaction;
                InsertRows(_rowBuffer);
                InsertEvents(_eventBuffer);
                TrimEvents();
                DeleteRows(_removedBuffer);
                transaction.Commit();
            }
            // Hand this commit's deliveries to the dispatcher only if nothing is waiting on disk before them and the
            // ready queue has room; otherwise they join the disk backlog.
            var handOut = _rowBuffer.Count == 0 || (!_diskBacklog && (_queue?.Count ?? 0) + _rowBuffer.Count <= _memoryBacklog);
            if (!handOut)
            {
                _diskBacklog = true;
                // The dispatcher reads the backlog back when its queue has room: tell it there is one.
                _queue?.SignalRefill();
            }
            else if (_rowBuffer.Count > 0) _handedOutThrough = _nextId;
            foreach (var write in batch)
            {
                switch (write)
                {
                    case JournalWrite.Append append: append.Committed.TrySetResult(handOut ? append.Rows : []); break;
                    case JournalWrite.Load load: Load(load); break;
                }
            }
        }
        catch (Exception error)
        {
            // The ids given to this batch's rows are not reused: an id gap is harmless, a reused id would not be.
            _logger.LogError(error, "journal commit of {Count} writes failed", batch.Count);
            foreach (var write in batch)
            {
                if (write is JournalWrite.Append append) append.Committed.TrySetException(error);
                if (write is JournalWrite.Load load) load.Loaded.TrySetException(error);
            }
        }
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
    });

    /// <summary>
    /// Drops events past the retention period, oldest first: at most once a second and at most <see cref="TrimChunk"/>
    /// at a time, inside a commit already under way (one unbounded DELETE after a day at a high rate would hold
    /// every append behind it for seconds).
    /// </summary>
    private void TrimEvents()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        if (now - _lastTrimMs < 1_000) return;
        _lastTrimMs = now;
        _trimEvents.Parameters[0].Value = now - (long)_eventRetention.TotalMilliseconds;
        _trimEvents.ExecuteNonQuery();
    }

    private void InsertRows(List<PendingDelivery> rows) => _insert.InsertAll(rows, static (row, delivery) =>
    {
        var e = delivery.Event;
        var t = delivery.Task;
        row.Int64(0, delivery.Id);
        row.Text(1, e.EventId);
        row.Text(2, e.BusScope.AccountId);
        row.Text(3, e.BusScope.Region);
        row.Text(4, e.BusName);
        row.Blob(5, e.Envelope);
        row.Int64(6, e.IngestedAt.ToUnixTimeMilliseconds());
        row.Int64(7, e.Hop);
        row.Text(8, t.RuleScope.AccountId);
        row.Text(9, t.RuleScope.Region);
        row.Text(10, t.BusName);
        row.Text(11, t.RuleName);
        row.Text(12, t.TargetId);
    });

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

    /// <summary>Hands out the oldest deliveries that are on disk only, up to the load's maximum.</summary>
    private void Load(JournalWrite.Load load)
    {
        if (load.FromStart)
        {
            _diskBacklog = true;
            _handedOutThrough = 0;
        }
        if (!_diskBacklog)
        {
            load.Loaded.TrySetResult([]);
            return;
        }
        var result = new List<PendingDelivery>();
        // Deliveries of one event share one AcceptedEvent, as they did when they were appended.
        var events = new Dictionary<string, AcceptedEvent>(StringComparer.Ordinal);
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT id, event_id, bus_account, bus_region, bus_name, envelope, ingested_at, hop,
                   rule_account, rule_region, rule_bus, rule_name, target_id
            FROM deliveries WHERE id > $after ORDER BY id LIMIT $max
            """;
        command.Parameters.AddWithValue("$after", _handedOutThrough);
        command.Parameters.AddWithValue("$max", load.Max);
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var eventId = reader.GetString(1);
                if (!events.TryGetValue(eventId, out var accepted))
                {
                    accepted = new AcceptedEvent(eventId, new AccountRegion(reader.GetString(2), reader.GetString(3)), reader.GetString(4),
                        (byte[])reader.GetValue(5), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)), reader.GetInt32(7));
                    events[eventId] = accepted;
                }
                var task = new DeliveryTask(eventId, new AccountRegion(reader.GetString(8), reader.GetString(9)), reader.GetString(10), reader.GetString(11), reader.GetString(12));
                result.Add(new PendingDelivery(reader.GetInt64(0), accepted, task));
            }
        }
        if (result.Count > 0) _handedOutThrough = result[^1].Id;
        // Fewer than asked for: nothing is left on disk only, and later commits (higher ids) go straight out again.
        if (result.Count < load.Max) _diskBacklog = false;
        load.Loaded.TrySetResult(result);
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
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
            command.CommandText = "SELECT COUNT(*), MIN(ingested_at) FROM deliveries";
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
        // Let the writer commit what is queued (completions included), then close.
        _writes.Writer.TryComplete();
        try
        {
            _writer.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
        }
        _insert.Dispose();
        _deleteRange.Dispose();
        _insertEvent.Dispose();
        _trimEvents.Dispose();
        _connection.Dispose();
    }

    private abstract record JournalWrite
    {
        public sealed record Append(List<PendingDelivery> Rows, List<AcceptedEvent> Events) : JournalWrite
        {
            public TaskCompletionSource<IReadOnlyList<PendingDelivery>> Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public sealed record Remove(long Id) : JournalWrite;

        public sealed record Load(int Max, bool FromStart) : JournalWrite
        {
            public TaskCompletionSource<IReadOnlyList<PendingDelivery>> Loaded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }
}
