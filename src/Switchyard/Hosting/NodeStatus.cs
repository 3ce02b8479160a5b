using Npgsql;
using Switchyard.Settings;
using Switchyard.Storage.Catalog;
using Switchyard.Storage.Leases;

namespace Switchyard.Hosting;

/// <summary>
/// What this node is and how it stands in its cluster, read at each look: its name and lease holder id, the storage
/// backend (for PostgreSQL the host, port and database, never the credentials), how far its resource cache is behind
/// the change feed, and the named leases it holds. <c>GET /health</c> reports it as JSON and <c>/metrics</c> as gauges,
/// so both read one source.
/// </summary>
public sealed class NodeStatus(ServerOptions options, NodeIdentity node, ChangeFeedPump changeFeed, LeaseKeeper leases)
{
    private readonly StorageDescription _storage = StorageDescription.Of(options);

    public NodeIdentity Node => node;

    public StorageDescription Storage => _storage;

    /// <summary>The leases (<see cref="LeaseNames"/>) this node holds now.</summary>
    public IReadOnlyList<string> LeasesHeld() => leases.Held();

    /// <summary>The leases this node takes when they are free, held or not.</summary>
    public IReadOnlyList<string> LeaseNamesKept => leases.Names;

    /// <summary>Where the change feed stands: applied and last known sequence, lag, whether the node hears the database.</summary>
    public ChangeFeedStatus ChangeFeed() => changeFeed.Status();
}

/// <summary>Where a node keeps its state, as an operator may see it (no secrets).</summary>
public sealed record StorageDescription(string Backend, string? DataDirectory, string? Host, int? Port, string? Database)
{
    public static StorageDescription Of(ServerOptions options)
    {
        if (options.InMemory) return new StorageDescription("in-memory", null, null, null, null);
        if (!options.UsesPostgres) return new StorageDescription("sqlite", Path.GetFullPath(options.DataDirectory), null, null, null);
        // Parsed again here rather than kept from the data source: only the parts that name the server are taken, so
        // a password or a client certificate's passphrase never reaches /health or /metrics.
        var parsed = new NpgsqlConnectionStringBuilder(options.PostgresConnectionString);
        return new StorageDescription("postgres", null, parsed.Host, parsed.Port, parsed.Database);
    }
}
