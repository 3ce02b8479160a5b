using Switchyard.Storage.Leases;
using Switchyard.Storage.Postgres;

namespace Switchyard.Tests.Storage.Postgres;

/// <summary>The lease contract on PostgreSQL, each instance another node; the contract moves a clock it passes in.</summary>
public sealed class PostgresLeaseStoreTests : LeaseStoreContract
{
    private readonly PostgresTestDatabase _database = new();

    protected override ILeaseStore CreateStore() => new PostgresLeaseStore(_database.OpenNode().DataSource, Clock);

    [Fact]
    public async Task Without_a_clock_the_database_judges_expiry_and_a_new_node_releases_nothing()
    {
        var a = new PostgresLeaseStore(_database.OpenNode().DataSource);
        Assert.True(a.TryAcquire("scheduler", "node-a", TimeSpan.FromSeconds(3)));
        // Another node opening the database leaves a running lease alone (unlike a SQLite server at open).
        var b = new PostgresLeaseStore(_database.OpenNode().DataSource);
        Assert.Equal("node-a", b.HolderOf("scheduler"));
        Assert.False(b.TryAcquire("scheduler", "node-b", TimeSpan.FromSeconds(30)));
        // The database's clock ends it (the test's machine shares that clock: poll rather than guess the moment).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (b.HolderOf("scheduler") is not null && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.Null(b.HolderOf("scheduler"));
        Assert.True(b.TryAcquire("scheduler", "node-b", TimeSpan.FromSeconds(30)));
        Assert.False(a.Renew("scheduler", "node-a", TimeSpan.FromSeconds(30)));
    }

    protected override void Cleanup() => _database.Dispose();
}
