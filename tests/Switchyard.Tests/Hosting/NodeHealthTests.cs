using System.Text.Json;
using Switchyard.Hosting;
using Switchyard.Settings;
using Switchyard.Tests.Integration;
using Switchyard.Tests.Storage.Postgres;
using Xunit;

namespace Switchyard.Tests.Hosting;

/// <summary>
/// <c>GET /health</c> and <c>/metrics</c> say which node answered, where it keeps its state (never the database
/// password), how far its caches are behind the change feed, and which named leases it holds.
/// </summary>
public class NodeHealthTests
{
    [Fact]
    public async Task Health_names_the_node_its_backend_feed_position_and_leases()
    {
        await using var server = await ServerHarness.StartAsync(new ServerOptions { InMemory = true, NodeId = "edge-1" });
        using var http = new HttpClient();
        // A change on the feed, so the position is not trivially zero.
        Assert.Equal(200, (await server.CallAsync("CreateEventBus", """{"Name":"orders"}""")).Status);

        using var health = JsonDocument.Parse(await http.GetStringAsync(new Uri(server.BaseAddress, "/health")));
        var root = health.RootElement;
        Assert.Equal("ok", root.GetProperty("status").GetString());
        Assert.Equal("in-memory", root.GetProperty("checks").GetProperty("storage").GetString());
        Assert.Equal("edge-1", root.GetProperty("node").GetProperty("name").GetString());
        Assert.StartsWith("edge-1#", root.GetProperty("node").GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("in-memory", root.GetProperty("storage").GetProperty("backend").GetString());
        var feed = root.GetProperty("changeFeed");
        Assert.True(feed.GetProperty("appliedSequence").GetInt64() > 0);
        Assert.Equal(feed.GetProperty("appliedSequence").GetInt64(), feed.GetProperty("lastKnownSequence").GetInt64());
        // The only writer of its store: always current, always "connected".
        Assert.Equal(0, feed.GetProperty("lagSeconds").GetDouble());
        Assert.True(feed.GetProperty("connected").GetBoolean());
        // The only process on its store takes every lease at start.
        Assert.Equal("rule-scheduler,scheduler,retention,replays", string.Join(',', root.GetProperty("leases").EnumerateArray().Select(l => l.GetString())));

        var metrics = await http.GetStringAsync(new Uri(server.BaseAddress, "/metrics"));
        Assert.Matches("""switchyard_node_info\{node="edge-1",node_id="edge-1#[0-9a-f]+",storage="in-memory",database_host="",database=""\} 1""", metrics);
        Assert.Contains("switchyard_lease_held{lease=\"rule-scheduler\"} 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_postgres_node_reports_host_and_database_and_never_the_password()
    {
        var connection = PostgresTestServer.CreateDatabase() + ";Password=hunter2-not-shown";
        var data = Directory.CreateTempSubdirectory("switchyard-health-");
        try
        {
            await using var server = await ServerHarness.StartAsync(new ServerOptions
            {
                DataDirectory = data.FullName, Storage = StorageBackendSetting.Postgres, PostgresConnectionString = connection, NodeId = "pg-node",
            });
            using var http = new HttpClient();
            var body = await http.GetStringAsync(new Uri(server.BaseAddress, "/health"));
            var metrics = await http.GetStringAsync(new Uri(server.BaseAddress, "/metrics"));
            Assert.DoesNotContain("hunter2", body, StringComparison.Ordinal);
            Assert.DoesNotContain("hunter2", metrics, StringComparison.Ordinal);

            var root = JsonDocument.Parse(body).RootElement;
            Assert.Equal("reachable", root.GetProperty("checks").GetProperty("storage").GetString());
            var storage = root.GetProperty("storage");
            var expected = StorageDescription.Of(new ServerOptions { Storage = StorageBackendSetting.Postgres, PostgresConnectionString = connection });
            Assert.Equal("postgres", storage.GetProperty("backend").GetString());
            Assert.Equal("127.0.0.1", storage.GetProperty("host").GetString());
            Assert.Equal(expected.Port, storage.GetProperty("port").GetInt32());
            Assert.StartsWith("sy_test_", storage.GetProperty("database").GetString(), StringComparison.Ordinal);
            Assert.False(storage.TryGetProperty("dataDirectory", out _));
            Assert.Contains("storage=\"postgres\"", metrics, StringComparison.Ordinal);
            // A shared database: the feed is confirmed by reads of it, and the node hears its notifications.
            Assert.True(root.GetProperty("changeFeed").GetProperty("connected").GetBoolean());
            Assert.InRange(root.GetProperty("changeFeed").GetProperty("lagSeconds").GetDouble(), 0, 1.5);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }
}
