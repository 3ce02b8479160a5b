using Switchyard.Domain.Rules;
using Switchyard.Domain.Routing;
using Switchyard.Storage.Leases;

namespace Switchyard.Delivery.Scheduling;

/// <summary>
/// Fires scheduled rules: sleeps (on the injected <see cref="TimeProvider"/>, so tests drive it with a fake clock)
/// until the <see cref="ScheduleBook"/>'s next firing or a schedule change, then hands each due firing's "Scheduled
/// Event" to the event sink, which makes it durable with its deliveries before delivery starts. It fires only while
/// this process holds the <see cref="LeaseNames.RuleScheduler"/> lease, so processes sharing a database fire each
/// rule once.
/// </summary>
public sealed class RuleScheduler(
    ScheduleBook book,
    RuleCatalog rules,
    IEventSink sink,
    TimeProvider time,
    LeaseKeeper leases,
    ILogger<RuleScheduler> logger) : BackgroundService
{
    /// <summary>
    /// The longest single sleep. Schedules wake the loop when they change, so this only bounds how far a wall clock
    /// that was set forward can run ahead of a sleeping scheduler.
    /// </summary>
    private static readonly TimeSpan LongestSleep = TimeSpan.FromMinutes(1);

    /// <summary>How often a process without the lease looks again (besides the keeper's signal when it gains it).</summary>
    private static readonly TimeSpan LeaseCheck = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        long gainsSeen = 0;
        while (!stopping.IsCancellationRequested)
        {
            // Taken before reading the book, so a change made while firing still cuts the coming sleep short.
            var changed = book.WhenChanged();
            if (!leases.Holds(LeaseNames.RuleScheduler))
            {
                // Another process fires the rules; firings due meanwhile stay in the book for whoever holds the lease.
                await Task.WhenAny(leases.WhenChanged(), Task.Delay(LeaseCheck, stopping));
                continue;
            }
            if (leases.TimesGained(LeaseNames.RuleScheduler) is var gains && gains != gainsSeen)
            {
                // Taken (first, or again after another process held it): that process may have fired these schedules
                // since this book read their progress (a cluster's clock moving to this node).
                gainsSeen = gains;
                book.ResumeFromStore();
                changed = book.WhenChanged();
            }
            var now = time.GetUtcNow();
            foreach (var firing in book.TakeDue(now)) await FireAsync(firing, now, stopping);

            var sleep = book.NextDue is { } next ? next - now : LongestSleep;
            sleep = sleep < TimeSpan.Zero ? TimeSpan.Zero : sleep > LongestSleep ? LongestSleep : sleep;
            if (sleep == TimeSpan.Zero) continue;
            using var wake = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            var delay = Task.Delay(sleep, time, wake.Token);
            await Task.WhenAny(delay, changed);
            await wake.CancelAsync();
            await delay.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task FireAsync(ScheduledFiring firing, DateTimeOffset now, CancellationToken stopping)
    {
        // The rule as it is now: its targets may have changed since it was scheduled, or it may be gone.
        if (!rules.TryGet(firing.Scope, firing.BusName, firing.RuleName, out var rule)
            || !rule.IsEnabled || rule.ScheduleExpression != firing.Expression)
            return;
        var (accepted, deliveries) = ScheduledEventFactory.Create(rule, firing.ScheduledAt, now, Guid.NewGuid().ToString());
        try
        {
            // A rule without targets still fires (on AWS it counts as triggered) but has nothing to deliver.
            if (deliveries.Count > 0) await sink.AcceptAsync([accepted], deliveries, stopping);
            book.MarkFired(firing);
            logger.LogDebug("rule {RuleArn} fired for {ScheduledAt:o}: event {EventId} to {Targets} targets",
                rule.Arn, firing.ScheduledAt, accepted.EventId, deliveries.Count);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception error)
        {
            // The journal refused the event (disk full, closed store): this firing is lost, the next one is tried.
            logger.LogError(error, "rule {RuleArn} could not fire for {ScheduledAt:o}: the event sink failed", rule.Arn, firing.ScheduledAt);
        }
    }
}
