using Switchyard.Domain.Routing;
using Microsoft.Extensions.Hosting;
using Switchyard.Delivery;
using Switchyard.Scheduler.Domain;
using Switchyard.Storage.Versioned;

namespace Switchyard.Scheduler.Firing;

/// <summary>
/// Fires EventBridge Scheduler schedules. It follows the versioned store's change feed to know every schedule (of
/// every account and region) and keeps each one's next firing in the store (<see cref="FiringState"/>), so a restart
/// resumes where it stopped: a firing that came due while the server was down goes out when it is back, if it is still
/// within the target's MaximumEventAgeInSeconds (AWS's retry window), else it is skipped. A firing is handed to the
/// delivery module's <see cref="IEventSink"/> (durable once accepted) and then the firing state moves on by
/// compare-and-swap; a crash between the two repeats that firing once after the restart, with the same execution id
/// (at least once, as AWS promises). Sleeps until the next firing, a change made through this process's API, or a
/// poll of the feed for other processes' changes, on the server's TimeProvider (tests move a manual clock).
/// </summary>
public sealed class ScheduleClock(
    SchedulerStore store,
    IEventSink sink,
    ScheduleChangeSignal changes,
    IScheduleClockLeadership leadership,
    SchedulerMetrics metrics,
    TimeProvider time,
    ILogger<ScheduleClock> logger) : BackgroundService
{
    /// <summary>How often the feed is read for changes made by other processes sharing the store.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(10);

    /// <summary>How far the collapse of missed firings steps (bounding the work after a long outage of a frequent schedule).</summary>
    private const int MaxCatchUpSteps = 10_000;

    private readonly Dictionary<ResourceKey, Versioned<Schedule>> _schedules = [];
    private readonly Dictionary<ResourceKey, Versioned<FiringState>> _firings = [];
    private long _cursor;

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var wait = PollInterval;
            try
            {
                if (leadership.IsLeader) wait = await TickAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                // Nothing is lost: the firing state in the store still says what is owed. Try again shortly.
                logger.LogError(error, "the schedule clock failed; retrying");
                wait = TimeSpan.FromSeconds(1);
            }
            try
            {
                await changes.WaitAsync(wait, time, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>One pass: read changes, plan new or changed schedules, fire what is due; returns how long to sleep.</summary>
    public async Task<TimeSpan> TickAsync(CancellationToken cancellation)
    {
        ReadFeed();
        var now = time.GetUtcNow();
        var planned = false;
        foreach (var schedule in _schedules.Values.ToList())
        {
            if (_firings.TryGetValue(schedule.Key, out var firing) && firing.Value.ScheduleVersion == schedule.Version) continue;
            Plan(schedule, firing, now);
            planned = true;
        }
        if (planned) ReadFeed();

        // _firings is keyed by the schedule's key (a firing state's own key differs in kind only).
        var due = _firings
            .Where(f => f.Value.Value.FireAt is { } at && at <= now
                        && _schedules.TryGetValue(f.Key, out var s) && s.Version == f.Value.Value.ScheduleVersion)
            .OrderBy(f => f.Value.Value.FireAt)
            .ToList();
        foreach (var (scheduleKey, firing) in due) await FireAsync(_schedules[scheduleKey], firing, now, cancellation);
        if (due.Count > 0) ReadFeed();

        var next = _firings.Values.Where(f => f.Value.FireAt is not null).Select(f => f.Value.FireAt!.Value).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
        var until = next == DateTimeOffset.MaxValue ? PollInterval : next - time.GetUtcNow();
        return until < TimeSpan.Zero ? TimeSpan.Zero : until > PollInterval ? PollInterval : until;
    }

    /// <summary>Applies the store's changes since the last read to the clock's view of schedules and firing states.</summary>
    private void ReadFeed()
    {
        while (true)
        {
            var changes = store.Store.ReadChanges(_cursor, 1000);
            if (changes.Count == 0) return;
            foreach (var change in changes)
            {
                _cursor = change.Sequence;
                switch (change.Key.Kind)
                {
                    case SchedulerKinds.Schedule:
                        if (change.Document is null) _schedules.Remove(change.Key);
                        else _schedules[change.Key] = new(change.Key, change.Version, SchedulerStore.ParseSchedule(change.Document));
                        break;
                    case SchedulerKinds.Firing:
                        var scheduleKey = change.Key with { Kind = SchedulerKinds.Schedule };
                        if (change.Document is null) _firings.Remove(scheduleKey);
                        else _firings[scheduleKey] = new(change.Key, change.Version, SchedulerStore.ParseFiring(change.Document));
                        break;
                }
            }
        }
    }

    /// <summary>A schedule new to the clock, or changed since its firing state was computed: its first firing from now on.</summary>
    private void Plan(Versioned<Schedule> schedule, Versioned<FiringState>? firing, DateTimeOffset now)
    {
        var s = schedule.Value;
        DateTimeOffset? next = null;
        if (s.IsEnabled)
        {
            var timing = ScheduleTiming.Of(s);
            // A one-time schedule owes its at() time even when that has passed (then it fires at once, within the
            // retry window); a recurring one counts from when it was last set up.
            var from = timing.IsOneTime ? DateTimeOffset.MinValue : s.LastModificationDate;
            next = timing.FirstAtOrAfter(from, s.LastModificationDate);
            if (next is null && s.ActionAfterCompletion == "DELETE")
            {
                Delete(schedule, firing, "it has no firing left");
                return;
            }
        }
        Commit(SchedulerStore.Write(SchedulerStore.FiringKey(schedule.Key), firing?.Version ?? 0,
            new FiringState(schedule.Version, next, next is { } n ? n + Jitter(s) : null)), schedule.Key);
    }

    private async Task FireAsync(Versioned<Schedule> schedule, Versioned<FiringState> firing, DateTimeOffset now, CancellationToken cancellation)
    {
        var s = schedule.Value;
        var timing = ScheduleTiming.Of(s);
        // Firings missed while the server was down collapse into the latest of them, which goes out now.
        var scheduled = firing.Value.ScheduledTime!.Value;
        for (var step = 0; step < MaxCatchUpSteps; step++)
        {
            var after = timing.NextAfter(scheduled, s.LastModificationDate);
            if (after is null || after > now) break;
            scheduled = after.Value;
        }
        if (now - scheduled <= s.Target.MaximumEventAge)
        {
            var invocation = new ScheduledInvocation(s.AccountId, s.Region, s.GroupName, s.Name,
                ScheduledInvocation.ExecutionIdFor(s.Arn, scheduled), scheduled, s.Target);
            var accepted = new AcceptedEvent(invocation.ExecutionId, s.Scope, "", invocation.ToJson(), scheduled > firing.Value.FireAt!.Value ? scheduled : firing.Value.FireAt!.Value, Hop: 0);
            await sink.AcceptAsync([accepted], [DeliveryTask.ForSchedule(invocation.ExecutionId, s.Scope, s.GroupName, s.Name)], cancellation);
            metrics.Fired(s.Scope, time.GetUtcNow() - firing.Value.FireAt!.Value);
        }
        else
        {
            metrics.Skipped(s.Scope);
            logger.LogWarning("schedule {ScheduleArn}: the firing due at {ScheduledTime:o} is older than its MaximumEventAgeInSeconds and is skipped",
                s.Arn, scheduled);
        }

        var next = timing.NextAfter(scheduled, s.LastModificationDate);
        if (next is null && s.ActionAfterCompletion == "DELETE")
        {
            Delete(schedule, firing, "its last firing went out (ActionAfterCompletion DELETE)");
            return;
        }
        Commit(SchedulerStore.Write(firing.Key, firing.Version,
            new FiringState(schedule.Version, next, next is { } at ? at + Jitter(s) : null)), schedule.Key);
    }

    private void Delete(Versioned<Schedule> schedule, Versioned<FiringState>? firing, string why)
    {
        var writes = new List<ResourceWrite> { new(schedule.Key, schedule.Version, null) };
        if (firing is not null) writes.Add(new ResourceWrite(firing.Key, firing.Version, null));
        if (TryCommit(writes)) logger.LogInformation("schedule {ScheduleArn} deleted: {Why}", schedule.Value.Arn, why);
    }

    private void Commit(ResourceWrite write, ResourceKey scheduleKey)
    {
        if (!TryCommit([write])) logger.LogDebug("firing state of {Schedule} changed meanwhile; re-read", scheduleKey);
    }

    /// <summary>False when another writer got there first (the schedule changed, or another clock moved it on).</summary>
    private bool TryCommit(IReadOnlyList<ResourceWrite> writes)
    {
        try
        {
            store.Store.Commit(writes);
            return true;
        }
        catch (VersionConflictException)
        {
            return false;
        }
    }

    /// <summary>FLEXIBLE: a random delay within MaximumWindowInMinutes, chosen once per firing and stored with it.</summary>
    private static TimeSpan Jitter(Schedule schedule) =>
        schedule.FlexibleTimeWindowMode == "FLEXIBLE" && schedule.MaximumWindowInMinutes is { } minutes
            ? TimeSpan.FromSeconds(Random.Shared.Next(0, minutes * 60))
            : TimeSpan.Zero;
}
