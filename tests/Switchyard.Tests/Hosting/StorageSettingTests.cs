using Switchyard.Cli;
using Switchyard.Settings;
using Switchyard.Storage.Leases;

namespace Switchyard.Tests.Hosting;

/// <summary><c>--storage</c>, <c>--postgres</c> and <c>--node-id</c>: flags, SWITCHYARD_* variables and the config file.</summary>
public sealed class StorageSettingTests : IDisposable
{
    private readonly string _config = Path.Combine(Path.GetTempPath(), $"switchyard-storage-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(_config);

    private static readonly Dictionary<string, string?> NoEnvironment = [];

    [Fact]
    public void SQLite_is_the_default_and_needs_no_connection_string()
    {
        var options = ServeCommand.LoadOptions([], NoEnvironment);
        Assert.Equal(StorageBackendSetting.Sqlite, options.Storage);
        Assert.False(options.UsesPostgres);
        Assert.Null(options.NodeId);
    }

    [Fact]
    public void Postgres_comes_from_flags_or_the_environment()
    {
        var flags = ServeCommand.LoadOptions(["--storage", "postgres", "--postgres", "Host=db;Database=sy", "--node-id", "node-a"], NoEnvironment);
        Assert.True(flags.UsesPostgres);
        Assert.Equal("Host=db;Database=sy", flags.PostgresConnectionString);
        Assert.Equal("node-a", flags.NodeId);
        var environment = ServeCommand.LoadOptions([], new Dictionary<string, string?>
        {
            ["SWITCHYARD_STORAGE"] = "postgres", ["SWITCHYARD_POSTGRES"] = "Host=db2", ["SWITCHYARD_NODE_ID"] = "b",
        });
        Assert.Equal(("Host=db2", "b"), (environment.PostgresConnectionString, environment.NodeId));
    }

    [Fact]
    public void The_config_file_names_the_database()
    {
        File.WriteAllText(_config, """{ "storage": "postgres", "postgres": "Host=db;Username=sy", "nodeId": "n1" }""");
        var options = ServeCommand.LoadOptions(["--config", _config], NoEnvironment);
        Assert.Equal((StorageBackendSetting.Postgres, "Host=db;Username=sy", "n1"), (options.Storage, options.PostgresConnectionString, options.NodeId));
    }

    [Theory]
    [InlineData(new[] { "--storage", "oracle" }, "storage must be sqlite or postgres")]
    [InlineData(new[] { "--storage", "postgres" }, "needs a connection string")]
    [InlineData(new[] { "--node-id", "has space" }, "node-id must be")]
    [InlineData(new[] { "--change-feed-staleness-ms", "0" }, "change-feed-staleness-ms must be at least 1")]
    public void Wrong_settings_are_refused_with_the_fix(string[] flags, string message)
    {
        var error = Assert.Throws<OptionsException>(() => ServeCommand.LoadOptions(flags, NoEnvironment));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_change_feed_staleness_bound_defaults_to_1500_ms_and_can_be_set()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(1500), ServeCommand.LoadOptions([], NoEnvironment).ChangeFeedStalenessBound);
        Assert.Equal(TimeSpan.FromSeconds(1), ServeCommand.LoadOptions(["--change-feed-staleness-ms", "1000"], NoEnvironment).ChangeFeedStalenessBound);
        var environment = ServeCommand.LoadOptions([], new Dictionary<string, string?> { ["SWITCHYARD_CHANGE_FEED_STALENESS_MS"] = "2500" });
        Assert.Equal(TimeSpan.FromMilliseconds(2500), environment.ChangeFeedStalenessBound);
    }

    [Fact]
    public void A_node_keeps_its_name_and_holds_leases_under_an_id_of_its_own_start()
    {
        var first = NodeIdentity.ForServer("node-a");
        var second = NodeIdentity.ForServer("node-a");
        Assert.Equal(("node-a", "node-a"), (first.Name, second.Name));
        Assert.StartsWith("node-a#", first.Id, StringComparison.Ordinal);
        Assert.NotEqual(first.Id, second.Id);
        Assert.Contains($"-{Environment.ProcessId}", NodeIdentity.ForServer(null).Name, StringComparison.Ordinal);
    }
}
