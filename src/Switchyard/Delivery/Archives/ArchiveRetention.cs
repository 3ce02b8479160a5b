using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Switchyard.Domain.Archives;
using Switchyard.Storage.Leases;

namespace Switchyard.Delivery.Archives;

/// <summary>
/// Expires archived events: every pass, each archive with a <see cref="Archive.RetentionDays"/> above 0 loses the
/// events archived more than that many days before <paramref name="clock"/>'s now. Only the holder of the
/// <c>retention</c> lease trims (the one that trims the journal's event log), so a cluster trims once.
/// </summary>
/// <param name="clock">
/// The server's time, or, with <c>--scheduler-test-clock</c>, the test clock an admin moves forward
/// (<c>POST /_switchyard/scheduler/clock</c>), so retention can be seen end to end without waiting days.
/// </param>
/// <param name="every">Time between passes (real time).</param>
public sealed class ArchiveRetention(ArchiveCatalog archives, IArchiveStore store, Func<bool> mayTrim, TimeProvider clock, TimeSpan every,
    ILogger<ArchiveRetention> logger) : BackgroundService
{
    /// <summary>One pass over every archive; returns how many events expired.</summary>
    public async Task<long> TrimAsync(CancellationToken cancellation)
    {
        if (!mayTrim()) return 0;
        var now = clock.GetUtcNow();
        long expired = 0;
        foreach (var archive in archives.All)
        {
            if (archive.RetentionDays <= 0) continue;
            expired += await store.RemoveAsync(archive.Arn, now - TimeSpan.FromDays(archive.RetentionDays), cancellation);
        }
        return expired;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(every, TimeProvider.System);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var expired = await TrimAsync(stoppingToken);
                if (expired > 0) logger.LogDebug("archive retention removed {Count} expired events", expired);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // The next pass tries again; one failed pass must not end retention for the life of the process.
                logger.LogWarning(error, "archive retention pass failed");
            }
        }
    }
}
