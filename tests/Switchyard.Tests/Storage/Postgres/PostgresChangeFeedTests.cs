using Microsoft.Extensions.Logging;
using Npgsql;
using Switchyard.Storage.Catalog;
using Switchyard.Storage.Postgres;
using Switchyard.Storage.Versioned;
using Switchyard.Tests.CrossAccount;

namespace Switchyard.Tests.Storage.Postgres;

/// <summary>
/// The change feed between two nodes on one database: NOTIFY wakes the other node's pump (its polling is set to an
/// hour here, so only the notification can bring a change in time), a lost LISTEN connection comes back and catches up,
/// and a node that cannot read the database knows its caches are stale.
/// </summary>
public sealed class PostgresChangeFeedTests : IDisposable
{
    private static readonly TimeSpan NoPolling = TimeSpan.FromHours(1);
    private readonly PostgresTestDatabase _database = new();
    private readonly List<IDisposable> _opened = [];
    private readonly CapturedLogs _logs = new();
    private readonly ILoggerFactory _loggers;

    public PostgresChangeFeedTests() => _loggers = LoggerFactory.Create(logging => logging.AddProvider(_logs));

    private (PostgresVersionedStore Store, ChangeFeedPump Pump, PostgresChangeListener Listener) OpenNode()
    {
        var database = _database.OpenNode();
        var store = new PostgresVersionedStore(database.DataSource);
        var pump = new ChangeFeedPump(store, NoPolling);
        pump.Start();
        var listener = new PostgresChangeListener(database, pump, _loggers.CreateLogger<PostgresChangeListener>());
        // Listener first: it stops before the pump it wakes.
        _opened.Insert(0, store);
        _opened.Insert(0, pump);
        _opened.Insert(0, listener);
        WaitFor(() => listener.BackendProcessId != 0, "the LISTEN connection did not open");
        return (store, pump, listener);
    }

    [Fact]
    public void A_commit_on_one_node_reaches_the_other_nodes_pump_through_its_notification()
    {
        var one = OpenNode();
        var other = OpenNode();
        for (var i = 1; i <= 3; i++)
        {
            var sequence = one.Store.Commit([new ResourceWrite(new ResourceKey("rule", "111111111111", "us-east-1", $"r{i}"), 0, "{}")]);
            WaitFor(() => other.Pump.AppliedSequence >= sequence, $"commit {i} did not reach the other node");
        }
        var status = other.Pump.Status();
        Assert.True(status.Connected);
        Assert.Equal(3, status.AppliedSequence);
        Assert.Equal(3, status.LastKnownSequence);
    }

    [Fact]
    public void A_killed_listen_connection_is_reported_reconnects_and_catches_up()
    {
        var one = OpenNode();
        var other = OpenNode();
        var killed = other.Listener.BackendProcessId;
        Terminate(killed);
        // Committed while the other node may be between connections: the catch-up at reconnection brings it.
        var sequence = one.Store.Commit([new ResourceWrite(new ResourceKey("rule", "111111111111", "us-east-1", "during"), 0, "{}")]);
        WaitFor(() => other.Listener.BackendProcessId is var pid && pid != 0 && pid != killed, "the LISTEN connection did not come back");
        WaitFor(() => other.Pump.AppliedSequence >= sequence, "the node did not catch up after reconnecting");
        Assert.True(_logs.Logged(line => line.Contains("LISTEN connection to PostgreSQL is down", StringComparison.Ordinal)));
        Assert.True(other.Pump.Status().Connected);
        // Notifications flow again on the new connection.
        var after = one.Store.Commit([new ResourceWrite(new ResourceKey("rule", "111111111111", "us-east-1", "after"), 0, "{}")]);
        WaitFor(() => other.Pump.AppliedSequence >= after, "a commit after the reconnection did not arrive");
    }

    [Fact]
    public void A_pump_that_cannot_read_the_database_becomes_stale_and_recovers_when_it_reads_again()
    {
        var store = new FailingStore(new PostgresVersionedStore(_database.OpenNode().DataSource));
        using var pump = new ChangeFeedPump(store, TimeSpan.FromMilliseconds(50));
        pump.Start();
        var bound = TimeSpan.FromMilliseconds(300);
        Assert.False(pump.IsStale(bound));
        store.Failing = true;
        WaitFor(() => pump.IsStale(bound), "the feed never became stale");
        Assert.True(pump.Status().LagSeconds > bound.TotalSeconds);
        WaitFor(() => !pump.Status().Connected, "the failed reads were not reported");
        store.Failing = false;
        WaitFor(() => !pump.IsStale(bound), "the feed did not recover");
        Assert.True(pump.Status().Connected);
    }

    [Fact]
    public void A_pump_that_does_not_poll_is_its_stores_only_writer_and_never_stale()
    {
        using var pump = new ChangeFeedPump(new InMemoryVersionedStore(), Timeout.InfiniteTimeSpan);
        pump.Start();
        Assert.False(pump.Shared);
        Assert.False(pump.IsStale(TimeSpan.Zero));
        Assert.Equal(0, pump.Status().LagSeconds);
    }

    private void Terminate(int processId)
    {
        using var admin = new NpgsqlConnection(_database.ConnectionString);
        admin.Open();
        using var command = new NpgsqlCommand("SELECT pg_terminate_backend($1)", admin);
        command.Parameters.Add(new NpgsqlParameter { Value = processId });
        Assert.True((bool)command.ExecuteScalar()!);
    }

    private static void WaitFor(Func<bool> condition, string failure) =>
        Assert.True(SpinWait.SpinUntil(condition, TimeSpan.FromSeconds(20)), failure);

    public void Dispose()
    {
        foreach (var opened in _opened) opened.Dispose();
        _database.Dispose();
        _loggers.Dispose();
    }

    /// <summary>A store whose reads fail while <see cref="Failing"/> is set, as a database that stopped answering.</summary>
    private sealed class FailingStore(IVersionedStore inner) : IVersionedStore
    {
        public volatile bool Failing;

        public StoredResource? Get(ResourceKey key) => inner.Get(key);
        public IReadOnlyList<StoredResource> List(string kind, string account, string region) => inner.List(kind, account, region);
        public long Commit(IReadOnlyList<ResourceWrite> writes) => inner.Commit(writes);
        public IReadOnlyList<ResourceChange> ReadChanges(long afterSequence, int max) => inner.ReadChanges(afterSequence, max);
        public long LastSequence => Failing ? throw new NpgsqlException("the database does not answer") : inner.LastSequence;
        public long Clear() => inner.Clear();
        public long CompactChanges() => inner.CompactChanges();
        public void Dispose() => inner.Dispose();
    }
}
