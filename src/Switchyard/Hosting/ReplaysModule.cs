using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchyard.Api;
using Switchyard.Delivery.Archives;
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
        // Until the archive module registers its own, this server has no archives: every replay is refused with
        // AWS's "Archive NAME does not exist." (tests register theirs after these).
        services.TryAddSingleton<IReplayArchives, NoArchives>();
        services.TryAddSingleton<IArchiveReader, NoArchives>();
        return services;
    }

    private sealed class NoArchives : IReplayArchives, IArchiveReader
    {
        public bool TryFind(string archiveArn, out ReplaySource archive)
        {
            archive = null!;
            return false;
        }

        public IReadOnlyList<ArchivedEvent> Read(string archiveArn, DateTimeOffset from, DateTimeOffset to, long afterPosition, int max) => [];
    }
}
