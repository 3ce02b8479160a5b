using Switchyard.Api;
using Switchyard.Delivery.Replays;
using Switchyard.Domain.Replays;
using Switchyard.Protocol;
using Switchyard.Settings;

// The DI container's namespace, as for every AddXxx extension, so the host needs no using for it.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers replays (issue 10): their catalog, StartReplay/DescribeReplay/ListReplays/CancelReplay and the runner.
/// Config section <c>"replays"</c> (<see cref="ReplayOptions"/>). Register after the delivery module (the runner
/// puts events through its ingestor and journal) and the leases (it runs under the <c>replays</c> lease).
/// </summary>
public static class ReplaysModule
{
    public static IServiceCollection AddReplays(this IServiceCollection services, ServerOptions options)
    {
        // Read eagerly: a bad section fails the start with an options error, not the first replay.
        services.AddSingleton(ReplayOptions.From(options.Modules));
        services.AddSingleton<ReplayCatalog>();
        services.AddSingleton<IOperationGroup, ReplayOperations>();
        services.AddSingleton<ReplayRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<ReplayRunner>());
        // The archives they read: the catalog for the resource, the journal's archive store (IArchiveReader, registered by
        // the delivery module) for the events.
        services.AddSingleton<IReplayArchives, ArchiveReplaySources>();
        return services;
    }
}
