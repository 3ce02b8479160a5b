using Switchyard.Api;
using Switchyard.Domain.ApiDestinations;
using Switchyard.Domain.Connections;
using Switchyard.Protocol;
using Switchyard.Delivery;
using Switchyard.Delivery.ApiDestinations;
using Switchyard.Storage;
using Switchyard.Settings;
using Switchyard.Storage.Catalog;

// The DI container's namespace, as for every AddXxx extension, so the host needs no using for it.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers connections, API destinations, their operations and the API destination target invoker.</summary>
public static class ApiDestinationsModule
{
    public static IServiceCollection AddApiDestinations(this IServiceCollection services, ServerOptions options)
    {
        var settings = ApiDestinationSettings.From(options.Modules);
        services.AddSingleton(settings);
        services.AddSingleton(sp => new ConnectionCatalog(sp.GetRequiredService<ChangeFeedPump>(), sp.GetRequiredService<TimeProvider>(),
            settings.ConnectionsPerRegion));
        services.AddSingleton(sp => new ApiDestinationCatalog(sp.GetRequiredService<ChangeFeedPump>(), settings.ApiDestinationsPerRegion));
        services.AddSingleton<ApiDestinationHttpClient>(_ => new ApiDestinationHttpClient());
        services.AddSingleton<OAuthTokenClient>();
        services.AddSingleton<OAuthTokenProvider>();
        services.AddSingleton<IConnectionAuthorizer>(sp => sp.GetRequiredService<OAuthTokenProvider>());
        // On PostgreSQL the limit holds for every node on the database together (docs/cluster.md); else per process.
        services.AddSingleton(sp =>
        {
            var time = sp.GetRequiredService<TimeProvider>();
            if (!options.UsesPostgres) return new InvocationRateLimiters(time);
            var windows = new Switchyard.Storage.Postgres.PostgresRateLimitWindows(sp.GetRequiredService<Switchyard.Storage.Postgres.PostgresDatabase>());
            return new InvocationRateLimiters(time, (arn, rate) => new ClusterInvocationRateLimiter(arn, rate, windows, time));
        });
        services.AddSingleton<ITargetInvoker, ApiDestinationInvoker>();
        services.AddHostedService<PendingAuthorizationResumer>();
        services.AddSingleton<IOperationGroup, ConnectionOperations>();
        services.AddSingleton<IOperationGroup, ApiDestinationOperations>();
        return services;
    }
}
