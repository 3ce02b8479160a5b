using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Npgsql;
using Switchyard.Delivery.Journal;
using Switchyard.Settings;
using Switchyard.Storage.Postgres;

namespace Switchyard.Hosting;

/// <summary>
/// <c>GET /health</c>: 200 when the server can take work, 503 when not, and in either case what was checked and which
/// node answered: <c>{"status":"ok","checks":{"storage":"writable","journal":"open"},"node":{...},"storage":{...},
/// "changeFeed":{...},"leases":[...]}</c>. SQLite storage is checked by writing and removing a small file in the data
/// directory, so a full disk or a directory made read-only shows here; PostgreSQL storage by a round trip to the
/// database (<c>"reachable"</c>). A load balancer behind which several nodes share one database reads the status; an
/// operator reads the rest (which node holds the scheduled-rule clock, whether a node's caches lag the change feed).
/// </summary>
public sealed class HealthEndpoint(ServerOptions options, IEventJournal journal, NodeStatus node, IServiceProvider services)
{
    public static IResult Handle(HealthEndpoint health) => health.Check();

    public IResult Check()
    {
        var storage = options.InMemory ? "in-memory" : options.UsesPostgres ? PostgresCheck() : StorageCheck();
        var journalState = journal.Status().Open ? "open" : "closed";
        var healthy = storage is "writable" or "in-memory" or "reachable" && journalState == "open";
        var described = node.Storage;
        var feed = node.ChangeFeed();
        var report = new HealthReport(healthy ? "ok" : "failing", new HealthChecks(storage, journalState),
            new HealthNode(node.Node.Name, node.Node.Id),
            new HealthStorage(described.Backend, described.DataDirectory, described.Host, described.Port, described.Database),
            new HealthChangeFeed(feed.AppliedSequence, feed.LastKnownSequence, Math.Round(feed.LagSeconds, 3), feed.Connected, feed.ConfirmedCurrentAt),
            node.LeasesHeld());
        return Results.Json(report, HostingJsonContext.Default.HealthReport,
            statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private string StorageCheck()
    {
        // A name of its own per check: two health checks at once must not delete each other's probe.
        var path = Path.Combine(options.DataDirectory, $".health-probe-{Guid.NewGuid():N}");
        try
        {
            File.WriteAllBytes(path, [1]);
            File.Delete(path);
            return "writable";
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return $"not writable: {error.Message}";
        }
    }

    private string PostgresCheck()
    {
        try
        {
            using var command = services.GetRequiredService<PostgresDatabase>().DataSource.CreateCommand("SELECT 1");
            command.CommandTimeout = 5;
            command.ExecuteScalar();
            return "reachable";
        }
        catch (Exception error) when (error is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return $"unreachable: {error.Message}";
        }
    }
}

public sealed record HealthReport(string Status, HealthChecks Checks, HealthNode Node, HealthStorage Storage,
    HealthChangeFeed ChangeFeed, IReadOnlyList<string> Leases);

public sealed record HealthChecks(string Storage, string Journal);

/// <summary>The node's name (<c>--node-id</c>) and the id its leases are held under (the name and a per-start part).</summary>
public sealed record HealthNode(string Name, string Id);

/// <summary>The backend (<c>sqlite</c>, <c>postgres</c> or <c>in-memory</c>) and where its data is; never credentials.</summary>
public sealed record HealthStorage(
    string Backend,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DataDirectory,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Host,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Port,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Database);

/// <summary>The change feed as this node has applied it (<see cref="Storage.Catalog.ChangeFeedStatus"/>): lagSeconds is how
/// long since it last confirmed its caches held every committed change; connected whether it hears the database.</summary>
public sealed record HealthChangeFeed(long AppliedSequence, long LastKnownSequence, double LagSeconds, bool Connected, DateTimeOffset ConfirmedCurrentAt);
