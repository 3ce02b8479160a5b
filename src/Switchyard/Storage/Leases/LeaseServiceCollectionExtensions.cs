using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Switchyard.Storage.Leases;

public static class LeaseServiceCollectionExtensions
{
    /// <summary>
    /// This process's node id and its named leases. Register before the hosted services that ask for a lease: the
    /// keeper takes the leases in its StartAsync, which the host runs before theirs.
    /// </summary>
    public static IServiceCollection AddLeases(this IServiceCollection services, Settings.ServerOptions options, string? nodeName = null)
    {
        services.AddSingleton(sp =>
        {
            var node = NodeIdentity.ForServer(nodeName);
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Switchyard.Storage.Leases").LogDebug("node {NodeName}, lease holder id {NodeId}", node.Name, node.Id);
            return node;
        });
        // PostgreSQL: the database's table and clock, shared by every node, so nothing is released at open. SQLite: the
        // data directory's lock makes every lease found at open a crashed predecessor's.
        services.AddSingleton<ILeaseStore>(sp => options.InMemory ? new InMemoryLeaseStore()
            : options.UsesPostgres ? new Postgres.PostgresLeaseStore(sp.GetRequiredService<Postgres.PostgresDatabase>().DataSource)
            : new SqliteLeaseStore(Path.Combine(options.DataDirectory, SqliteStateStore.FileName), releaseAtOpen: true));
        // Leases run on the real clock, not the server's TimeProvider: tests move that one to fire schedules, and a
        // lease is about processes that live in real time.
        services.AddSingleton(sp => new LeaseKeeper(sp.GetRequiredService<ILeaseStore>(), sp.GetRequiredService<NodeIdentity>(),
            TimeProvider.System, sp.GetRequiredService<ILogger<LeaseKeeper>>()));
        services.AddHostedService(sp => sp.GetRequiredService<LeaseKeeper>());
        return services;
    }
}
