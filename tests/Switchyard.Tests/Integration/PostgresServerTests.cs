using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Switchyard.Settings;
using Switchyard.Storage.Catalog;
using Switchyard.Tests.Storage.Postgres;

namespace Switchyard.Tests.Integration;

/// <summary>Servers built with <c>--storage postgres</c>: two of them on one database are two nodes of a cluster.</summary>
public sealed class PostgresServerTests : IAsyncLifetime
{
    private readonly PostgresTestDatabase _database = new();
    private readonly List<ServerHarness> _servers = [];
    private readonly List<string> _directories = [];

    private async Task<ServerHarness> StartNodeAsync(TimeSpan? stalenessBound = null)
    {
        var directory = Directory.CreateTempSubdirectory("switchyard-pg-node-").FullName;
        _directories.Add(directory);
        var options = new ServerOptions
        {
            Storage = StorageBackendSetting.Postgres,
            PostgresConnectionString = _database.ConnectionString,
            DataDirectory = directory,
            ChangeFeedStalenessBound = stalenessBound ?? new ServerOptions().ChangeFeedStalenessBound,
        };
        var server = await ServerHarness.StartAsync(options);
        _servers.Add(server);
        return server;
    }

    [Fact]
    public async Task A_bus_and_a_rule_created_on_one_node_are_seen_by_another()
    {
        var one = await StartNodeAsync();
        var other = await StartNodeAsync();
        Assert.Equal(200, (await one.CallAsync("CreateEventBus", """{"Name":"orders"}""")).Status);
        Assert.Equal(200, (await one.CallAsync("PutRule", """{"Name":"big","EventBusName":"orders","EventPattern":"{\"source\":[\"shop\"]}"}""")).Status);
        var rule = await Eventually(() => other.CallAsync("DescribeRule", """{"Name":"big","EventBusName":"orders"}"""));
        Assert.Equal("""{"source":["shop"]}""", rule.Json.GetProperty("EventPattern").GetString());
        Assert.Equal(200, (await other.CallAsync("DescribeEventBus", """{"Name":"orders"}""")).Status);
        // Both nodes share one feed: the second node follows the first without a data-directory lock between them.
        var status = other.Services.GetRequiredService<ChangeFeedPump>().Status();
        Assert.True(status.Connected);
        Assert.True(status.AppliedSequence >= 2);
        // And a third node started later reads everything from the database.
        var third = await StartNodeAsync();
        Assert.Equal(200, (await third.CallAsync("DescribeRule", """{"Name":"big","EventBusName":"orders"}""")).Status);
    }

    [Fact]
    public async Task An_archive_captures_events_put_on_any_node_and_its_deletion_removes_them()
    {
        var one = await StartNodeAsync();
        var other = await StartNodeAsync();
        const string Bus = "arn:aws:events:us-east-1:123456789012:event-bus/default";
        var created = await one.CallAsync("CreateArchive", $$"""{"ArchiveName":"all","EventSourceArn":"{{Bus}}","EventPattern":"{\"source\":[\"shop\"]}"}""");
        Assert.Equal(200, created.Status);
        // The other node puts events once the managed rule has reached it through the change feed.
        await Eventually(() => other.CallAsync("DescribeRule", """{"Name":"Events-Archive-all"}"""));
        var put = await other.CallAsync("PutEvents",
            """{"Entries":[{"Source":"shop","DetailType":"o","Detail":"{}"},{"Source":"else","DetailType":"o","Detail":"{}"},{"Source":"shop","DetailType":"o","Detail":"{\"n\":2}"}]}""");
        Assert.Equal(0, put.Json.GetProperty("FailedEntryCount").GetInt32());
        // Captured in the commit that journaled the events: counted at once, on either node.
        var described = await one.CallAsync("DescribeArchive", """{"ArchiveName":"all"}""");
        Assert.Equal(2, described.Json.GetProperty("EventCount").GetInt64());
        Assert.True(described.Json.GetProperty("SizeBytes").GetInt64() > 0);
        Assert.Equal(200, (await other.CallAsync("DeleteArchive", """{"ArchiveName":"all"}""")).Status);
        using var connection = new NpgsqlConnection(_database.ConnectionString);
        connection.Open();
        using var left = new NpgsqlCommand("SELECT (SELECT count(*) FROM archive_events) + (SELECT count(*) FROM archive_totals)", connection);
        Assert.Equal(0L, left.ExecuteScalar());
    }

    [Fact]
    public async Task A_node_cut_off_from_the_database_refuses_PutEvents_until_it_confirms_its_rules_again()
    {
        var node = await StartNodeAsync(TimeSpan.FromMilliseconds(500));
        const string Entry = """{"Entries":[{"Source":"shop","DetailType":"order","Detail":"{}"}]}""";
        Assert.Equal(200, (await node.CallAsync("PutEvents", Entry)).Status);

        var name = new NpgsqlConnectionStringBuilder(_database.ConnectionString).Database!;
        using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString);
        admin.Open();
        Execute(admin, $"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS false");
        Execute(admin, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'");
        try
        {
            // Until the staleness bound passes, the refusal is the journal's (its database is gone too, also a 500
            // InternalException); after it, the guard refuses before anything is routed.
            var refused = await Eventually(() => node.CallAsync("PutEvents", Entry),
                response => response.Status == 500 && response.ErrorMessage?.Contains("cannot confirm", StringComparison.Ordinal) == true);
            Assert.Equal("InternalException", refused.ErrorType);
            Assert.Contains("cannot confirm that its rules are current", refused.ErrorMessage, StringComparison.Ordinal);
            Assert.False(node.Services.GetRequiredService<ChangeFeedPump>().Status().Connected);
        }
        finally
        {
            Execute(admin, $"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS true");
        }
        var accepted = await Eventually(() => node.CallAsync("PutEvents", Entry));
        Assert.Equal(0, accepted.Json.GetProperty("FailedEntryCount").GetInt32());
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static async Task<ServerHarness.Response> Eventually(Func<Task<ServerHarness.Response>> call, Func<ServerHarness.Response, bool>? until = null)
    {
        until ??= response => response.Status == 200;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var response = await call();
            if (until(response)) return response;
            if (DateTime.UtcNow > deadline) Assert.Fail($"no expected answer within 20 s; last: {response.Status} {response.ErrorType}");
            await Task.Delay(50);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var server in _servers) await server.DisposeAsync();
        _database.Dispose();
        foreach (var directory in _directories)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
