using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Switchyard.Domain;

namespace Switchyard.Delivery.Journal;

/// <summary>
/// The durable journal: <c>journal.db</c> in the data directory (apart from the control-plane database), WAL mode.
/// Throughput comes from group commit: every append and completion goes through one channel to one writer loop,
/// which takes whatever has queued up, writes it all in one transaction (one fsync), and only then completes the
/// appends' tasks. Under load many PutEvents requests share each commit; when idle a lone request commits at once.
/// </summary>
public sealed class SqliteEventJournal : IEventJournal
{
    /// <summary>Caps one transaction so a burst cannot hold appends that arrived early behind a huge commit.</summary>
    private const int MaxRowsPerCommit = 20_000;

    private readonly SqliteConnection _connection;
    private readonly Channel<JournalWrite> _writes = Channel.CreateUnbounded<JournalWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private readonly ILogger _logger;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _delete;
    private long _nextId;

    public SqliteEventJournal(string dataDirectory, string synchronous, ILogger<SqliteEventJournal> logger)
    {
        _logger = logger;
        Directory.CreateDirectory(dataDirectory);
        Path = System.IO.Path.Combine(dataDirectory, "journal.db");
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL;");
        Execute($"PRAGMA synchronous={synchronous};");
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
        using (var max = _connection.CreateCommand())
        {
            max.CommandText = "SELECT COALESCE(MAX(id), 0) FROM deliveries";
            _nextId = (long)max.ExecuteScalar()!;
        }

        _insert = _connection.CreateCommand();
        _insert.CommandText = """
            INSERT INTO deliveries (id, event_id, bus_account, bus_region, bus_name, envelope, ingested_at, hop,
                                    rule_account, rule_region, rule_bus, rule_name, target_id)
            VALUES ($id, $event_id, $bus_account, $bus_region, $bus_name, $envelope, $ingested_at, $hop,
                    $rule_account, $rule_region, $rule_bus, $rule_name, $target_id)
            """;
        foreach (var name in new[] { "$id", "$event_id", "$bus_account", "$bus_region", "$bus_name", "$envelope", "$ingested_at", "$hop", "$rule_account", "$rule_region", "$rule_bus", "$rule_name", "$target_id" })
            _insert.Parameters.Add(new SqliteParameter { ParameterName = name });
        _delete = _connection.CreateCommand();
        _delete.CommandText = "DELETE FROM deliveries WHERE id = $id";
        _delete.Parameters.Add(new SqliteParameter { ParameterName = "$id" });

        _writer = Task.Factory.StartNew(WriteLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    public string Path { get; }

    public ValueTask<IReadOnlyList<PendingDelivery>> AppendAsync(IReadOnlyList<AcceptedEvent> events, IReadOnlyList<DeliveryTask> deliveries, CancellationToken cancellation)
    {
        var rows = JournalRows.Pair(events, deliveries, () => Interlocked.Increment(ref _nextId));
        if (rows.Count == 0) return ValueTask.FromResult<IReadOnlyList<PendingDelivery>>(rows);
        var append = new JournalWrite.Append(rows);
        if (!_writes.Writer.TryWrite(append)) throw new ObjectDisposedException(nameof(SqliteEventJournal));
        // Cancellation is not passed on: once queued the rows will be committed, and the caller must not be told
        // otherwise (a cancelled request whose events are then delivered is fine; the reverse would lose events).
        return new ValueTask<IReadOnlyList<PendingDelivery>>(append.Committed.Task);
    }

    public void Complete(long deliveryId) => _writes.Writer.TryWrite(new JournalWrite.Remove(deliveryId));

    public IReadOnlyList<PendingDelivery> LoadPending()
    {
        // Called at start, before the dispatcher runs; the writer loop only touches the connection when there are
        // writes, and there are none yet — but take the same path anyway so a late call cannot race it.
        var load = new JournalWrite.Load();
        if (!_writes.Writer.TryWrite(load)) throw new ObjectDisposedException(nameof(SqliteEventJournal));
        return load.Loaded.Task.GetAwaiter().GetResult();
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
                rows += write is JournalWrite.Append append ? append.Rows.Count : 1;
            }
            Commit(batch);
        }
    }

    private void Commit(List<JournalWrite> batch)
    {
        try
        {
            using (var transaction = _connection.BeginTransaction())
            {
                _insert.Transaction = transaction;
                _delete.Transaction = transaction;
                foreach (var write in batch)
                {
                    switch (write)
                    {
                        case JournalWrite.Append append:
                            foreach (var row in append.Rows) Insert(row);
                            break;
                        case JournalWrite.Remove remove:
                            _delete.Parameters[0].Value = remove.Id;
                            _delete.ExecuteNonQuery();
                            break;
                    }
                }
                transaction.Commit();
            }
            foreach (var write in batch)
            {
                switch (write)
                {
                    case JournalWrite.Append append: append.Committed.TrySetResult(append.Rows); break;
                    case JournalWrite.Load load: Load(load); break;
                }
            }
        }
        catch (Exception error)
        {
            _logger.LogError(error, "journal commit of {Count} writes failed", batch.Count);
            foreach (var write in batch)
            {
                if (write is JournalWrite.Append append) append.Committed.TrySetException(error);
                if (write is JournalWrite.Load load) load.Loaded.TrySetException(error);
            }
        }
    }

    private void Insert(PendingDelivery row)
    {
        var p = _insert.Parameters;
        var e = row.Event;
        var t = row.Task;
        p[0].Value = row.Id;
        p[1].Value = e.EventId;
        p[2].Value = e.BusScope.AccountId;
        p[3].Value = e.BusScope.Region;
        p[4].Value = e.BusName;
        p[5].Value = e.Envelope;
        p[6].Value = e.IngestedAt.ToUnixTimeMilliseconds();
        p[7].Value = e.Hop;
        p[8].Value = t.RuleScope.AccountId;
        p[9].Value = t.RuleScope.Region;
        p[10].Value = t.BusName;
        p[11].Value = t.RuleName;
        p[12].Value = t.TargetId;
        _insert.ExecuteNonQuery();
    }

    private void Load(JournalWrite.Load load)
    {
        var result = new List<PendingDelivery>();
        // Deliveries of one event share one AcceptedEvent, as they did before the restart.
        var events = new Dictionary<string, AcceptedEvent>(StringComparer.Ordinal);
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT id, event_id, bus_account, bus_region, bus_name, envelope, ingested_at, hop,
                   rule_account, rule_region, rule_bus, rule_name, target_id
            FROM deliveries ORDER BY id
            """;
        using var reader = command.ExecuteReader();
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
        load.Loaded.TrySetResult(result);
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
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
        _delete.Dispose();
        _connection.Dispose();
    }

    private abstract record JournalWrite
    {
        public sealed record Append(List<PendingDelivery> Rows) : JournalWrite
        {
            public TaskCompletionSource<IReadOnlyList<PendingDelivery>> Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public sealed record Remove(long Id) : JournalWrite;

        public sealed record Load : JournalWrite
        {
            public TaskCompletionSource<IReadOnlyList<PendingDelivery>> Loaded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }
}
