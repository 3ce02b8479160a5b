using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Switchyard.Storage.Leases;

public static class LeaseServiceCollectionExtensions
{
    /// <summary>
    /// This process's node id and its named leases. Register before the hosted services that ask for a lease: the
    /// keeper takes the leases in its StartAsync, which the host runs before theirs.
    /// </summary>
    /// <param name="usesPostgres">The leases live in the registered <see cref="Postgres.PostgresDatabase"/> (shared by nodes).</param>
    public static IServiceCollection AddLeases(this IServiceCollection services, bool inMemory, string dataDirectory, string? nodeName = null, bool usesPostgres = false)
    {
        services.AddSingleton(sp =>
        {
            var node = NodeIdentity.ForServer(nodeName);
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Switchyard.Storage.Leases").LogDebug("node {NodeName}, lease holder id {NodeId}", node.Name, node.Id);
            return node;
        });
        // PostgreSQL: the database's table and clock, shared by every node, so nothing is released at open. SQLite: the
        // data directory's lock makes every lease found at open a crashed predecessor's.
        services.AddSingleton<ILeaseStore>(sp => inMemory ? new InMemoryLeaseStore()
            : usesPostgres ? new Postgres.PostgresLeaseStore(sp.GetRequiredService<Postgres.PostgresDatabase>().DataSource)
            : new SqliteLeaseStore(Path.Combine(dataDirectory, SqliteStateStore.FileName), releaseAtOpen: true));
        // Leases run on the real clock, not the server's TimeProvider: tests move that one to fire schedules, and a
        // lease is about processes that live in real time.
        services.AddSingleton(sp => new LeaseKeeper(sp.GetRequiredService<ILeaseStore>(), sp.GetRequiredService<NodeIdentity>(),
            TimeProvider.System, sp.GetRequiredService<ILogger<LeaseKeeper>>()));
        services.AddHostedService(sp => sp.GetRequiredService<LeaseKeeper>());
        return services;
    }
}
