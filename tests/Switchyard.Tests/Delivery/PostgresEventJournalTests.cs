using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Switchyard.Delivery;
using Switchyard.Delivery.Dispatch;
using Switchyard.Delivery.Journal;
using Switchyard.Domain.Routing;
using Switchyard.Storage.Leases;
using Switchyard.Storage.Postgres;
using Switchyard.Tests.Storage.Postgres;

namespace Switchyard.Tests.Delivery;

/// <summary>
/// The journal contract on PostgreSQL (a fresh database per test), and what only a database shared by several nodes
/// does: one node's leased rows are not claimed by another, a dead node's rows are claimed once its leases expire (by
/// the database's clock), a live node keeps its leases, and concurrent claimers on several nodes never take one row twice.
/// </summary>
public sealed class PostgresEventJournalTests : EventJournalContract
{
    private readonly string _connectionString = PostgresTestServer.CreateDatabase();
    private readonly List<PostgresDatabase> _databases = [];

    private PostgresDatabase? _shared;

    /// <summary>The pool the contract's journals and the test's own queries use.</summary>
    private PostgresDatabase Shared => _shared ??= OpenDatabase();

    /// <summary>A node's own connection pool on the test database (a node "dies" when its pool is disposed).</summary>
    private PostgresDatabase OpenDatabase()
    {
        var database = PostgresDatabase.Open(_connectionString);
        _databases.Add(database);
        return database;
    }

    protected override IEventJournal Open(JournalSetup setup) => Open(setup, Shared);

    private static PostgresEventJournal Open(JournalSetup setup, PostgresDatabase database) =>
        new(database, NullLogger<PostgresEventJournal>.Instance,
            setup.Leasing ?? new JournalLeasing(NodeIdentity.NewRandom().Id, JournalLeasing.DefaultLeaseDuration, false, TimeSpan.FromMinutes(5)),
            setup.Queue, setup.MemoryBacklog, setup.EventRetention, setup.Time);

    private static JournalSetup Node(string id, TimeSpan lease, DeliveryQueue? queue = null, int backlog = int.MaxValue) =>
        new(queue, backlog, Leasing: new JournalLeasing(id, lease, ExclusiveDataDirectory: false, TimeSpan.FromMinutes(5)));

    protected override long CountDeliveryRows(bool leased) =>
        Scalar($"SELECT count(*) FROM delivery_queue WHERE lease_owner IS {(leased ? "NOT NULL" : "NULL")}");

    protected override List<LoggedEvent> ReadEventLog()
    {
        using var command = Shared.DataSource.CreateCommand("SELECT event_id, bus_account, bus_region, bus_name, envelope, hop FROM event_log ORDER BY id");
        using var reader = command.ExecuteReader();
        var events = new List<LoggedEvent>();
        while (reader.Read())
            events.Add(new LoggedEvent(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<byte[]>(4), reader.GetInt32(5)));
        return events;
    }

    private long Scalar(string sql)
    {
        using var command = Shared.DataSource.CreateCommand(sql);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<List<PendingDelivery>> ClaimAsync(IEventJournal journal, int max = 1000) =>
        (await journal.ClaimAsync(max, default)).Deliveries.ToList();

    private static List<DeliveryTask> Targets(string eventId, int count) =>
        Enumerable.Range(0, count).Select(i => Task(eventId, target: $"t{i}")).ToList();

    [Fact]
    public async Task Rows_appended_by_one_node_are_leased_to_it_and_not_claimed_by_another()
    {
        using var a = Open(Node("node-a", TimeSpan.FromMinutes(1)));
        using var b = Open(Node("node-b", TimeSpan.FromMinutes(1)));
        var appended = await a.AppendAsync([Event("e1")], Targets("e1", 3), default);
        Assert.Equal(3, appended.Count);
        Assert.Equal(3, Scalar("SELECT count(*) FROM delivery_queue WHERE lease_owner = 'node-a' AND lease_expires_at > now() + interval '50 seconds'"));

        var before = DateTimeOffset.UtcNow;
        var claim = await b.ClaimAsync(100, default);
        Assert.Empty(claim.Deliveries);
        // B sleeps until A's leases could have run out, not less and not forever.
        Assert.NotNull(claim.NextClaimableAt);
        Assert.InRange(claim.NextClaimableAt!.Value, before + TimeSpan.FromSeconds(50), DateTimeOffset.UtcNow + TimeSpan.FromSeconds(61));
        Assert.Empty(await ClaimAsync(a)); // a node never claims what it already works on
    }

    [Fact]
    public async Task A_dead_nodes_deliveries_are_claimed_by_another_once_its_leases_expire_and_completed_once()
    {
        var lease = TimeSpan.FromSeconds(2);
        var nodeA = OpenDatabase();
        var a = Open(Node("node-a", lease), nodeA);
        using var b = Open(Node("node-b", lease));
        var appended = await a.AppendAsync([Event("e1"), Event("e2")], [.. Targets("e1", 2), Task("e2")], default);
        // A dies: its connections are gone, so it neither completes nor renews nor releases anything.
        nodeA.Dispose();
        a.Dispose();
        Assert.Equal(3, CountDeliveryRows(leased: true));

        var early = await b.ClaimAsync(100, default);
        Assert.Empty(early.Deliveries);
        var wait = early.NextClaimableAt!.Value - DateTimeOffset.UtcNow;
        Assert.InRange(wait, TimeSpan.Zero, lease);
        await System.Threading.Tasks.Task.Delay(wait + TimeSpan.FromMilliseconds(100));

        var taken = await ClaimAsync(b);
        Assert.Equal(appended.Select(d => d.Id), taken.Select(d => d.Id));
        Assert.Equal(["t0", "t1", "t"], taken.Select(d => d.Task.TargetId));
        Assert.Same(taken[0].Event, taken[1].Event);
        Assert.Equal("{\"id\":\"e2\"}", System.Text.Encoding.UTF8.GetString(taken[2].Event.Envelope));
        Assert.Equal(3, Scalar("SELECT count(*) FROM delivery_queue WHERE lease_owner = 'node-b'"));
        foreach (var delivery in taken) b.Complete(delivery.Id);
        Assert.Empty(await ClaimAsync(b)); // the claim goes through B's writer after the completions
        Assert.Equal(0, Scalar("SELECT count(*) FROM delivery_queue"));
    }

    [Fact]
    public async Task A_live_node_keeps_its_leases_and_a_clean_stop_hands_them_over_at_once()
    {
        var lease = TimeSpan.FromSeconds(1.5);
        using var b = Open(Node("node-b", lease));
        var a = Open(Node("node-a", lease));
        try
        {
            Assert.Equal(2, (await a.AppendAsync([Event("e1")], Targets("e1", 2), default)).Count);
            await System.Threading.Tasks.Task.Delay(TimeSpan.FromSeconds(4)); // more than two leases: renewed every 0.5 s
            Assert.Empty(await ClaimAsync(b));
        }
        finally
        {
            a.Dispose();
        }
        Assert.Equal(["t0", "t1"], (await ClaimAsync(b)).Select(d => d.Task.TargetId));
    }

    [Fact]
    public async Task A_retry_recorded_by_one_node_is_claimed_by_another_with_its_count_when_due()
    {
        using var a = Open(Node("node-a", TimeSpan.FromMinutes(1)));
        using var b = Open(Node("node-b", TimeSpan.FromMinutes(1)));
        var delivery = Assert.Single(await a.AppendAsync([Event("e1")], [Task("e1")], default));
        delivery.Attempts = 3;
        delivery.LastFailure = InvocationResult.Failure("ThrottlingException", "slow down", retryable: true);
        var due = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1);
        a.Retry(delivery, due);
        Assert.Empty(await ClaimAsync(a)); // through A's writer: the retry is committed
        var early = await b.ClaimAsync(10, default);
        Assert.Empty(early.Deliveries);
        Assert.Equal(due.ToUnixTimeMilliseconds(), early.NextClaimableAt?.ToUnixTimeMilliseconds());
        await System.Threading.Tasks.Task.Delay(due - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(50));
        var resumed = Assert.Single(await ClaimAsync(b));
        Assert.Equal(delivery.Id, resumed.Id);
        Assert.Equal(3, resumed.Attempts);
        Assert.Equal("ThrottlingException", resumed.LastFailure?.ErrorCode);
        Assert.Equal("slow down", resumed.LastFailure?.ErrorMessage);
    }

    /// <summary>
    /// Randomized: three nodes append (most rows beyond their one-slot memory backlog, so they wait unleased) while
    /// every node claims in random batch sizes and completes what it gets. Every delivery is worked on by exactly one
    /// node: handed out to its appender or claimed once, never twice.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Concurrent_claimers_on_three_nodes_never_take_one_delivery_twice(int seed)
    {
        var nodes = Enumerable.Range(0, 3).Select(i => Open(Node($"node-{i}", TimeSpan.FromMinutes(1), new DeliveryQueue(), backlog: 1), OpenDatabase())).ToList();
        try
        {
            var worked = new System.Collections.Concurrent.ConcurrentBag<(long Id, int Node)>();
            // Counted before any task starts: a claimer that ran before an appender had counted itself saw "no one
            // appends" and stopped early, leaving rows for the final check (a flaky failure on a loaded machine).
            var appending = nodes.Count;
            var appenders = nodes.Select((journal, n) => System.Threading.Tasks.Task.Run(async () =>
            {
                try
                {
                    var local = new Random(seed * 31 + n);
                    for (var round = 0; round < 40; round++)
                    {
                        var events = Enumerable.Range(0, local.Next(1, 4)).Select(e => Event($"n{n}-r{round}-e{e}")).ToList();
                        var tasks = events.SelectMany(e => Targets(e.EventId, local.Next(1, 4))).ToList();
                        var handedOut = await journal.AppendAsync(events, tasks, default);
                        foreach (var delivery in handedOut)
                        {
                            worked.Add((delivery.Id, n));
                            journal.Complete(delivery.Id);
                        }
                        Interlocked.Add(ref _appendedRows, tasks.Count);
                    }
                }
                finally
                {
                    Interlocked.Decrement(ref appending);
                }
            })).ToList();
            var claimers = nodes.Select((journal, n) => System.Threading.Tasks.Task.Run(async () =>
            {
                var local = new Random(seed * 17 + n);
                while (true)
                {
                    var done = Volatile.Read(ref appending) == 0;
                    var claimed = await ClaimAsync(journal, local.Next(1, 20));
                    foreach (var delivery in claimed)
                    {
                        worked.Add((delivery.Id, n));
                        journal.Complete(delivery.Id);
                    }
                    if (done && claimed.Count == 0) return;
                }
            })).ToList();
            await System.Threading.Tasks.Task.WhenAll(appenders);
            await System.Threading.Tasks.Task.WhenAll(claimers);
            // Completions are written lazily: a claim through each writer makes them durable.
            foreach (var journal in nodes) Assert.Empty(await ClaimAsync(journal));

            var duplicates = worked.GroupBy(w => w.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            Assert.Empty(duplicates);
            Assert.Equal(_appendedRows, worked.Count);
            Assert.True(worked.Select(w => w.Node).Distinct().Count() > 1, "the work was not shared");
            Assert.Equal(0, Scalar("SELECT count(*) FROM delivery_queue"));
        }
        finally
        {
            foreach (var journal in nodes) journal.Dispose();
        }
    }

    private int _appendedRows;

    public override void Dispose()
    {
        base.Dispose();
        foreach (var database in _databases) database.Dispose();
        NpgsqlConnection.ClearAllPools();
    }
}
