using Microsoft.Extensions.Hosting;
using Switchyard.Delivery;
using Switchyard.Domain;
using Switchyard.Domain.Routing;
using Switchyard.Scheduler.Domain;
using Switchyard.Storage.Versioned;

namespace Switchyard.Scheduler.Firing;

/// <summary>
/// Fires EventBridge Scheduler schedules. It follows the versioned store's change feed to know every schedule (of
/// every account and region) and keeps each one's next firing in the store (<see cref="FiringState"/>), so a restart
/// resumes where it stopped: a firing that came due while the server was down goes out when it is back, if it is still
/// within the target's MaximumEventAgeInSeconds (AWS's retry window), else it is skipped. The firings due in a tick
/// are handed to the delivery module's <see cref="IEventSink"/> in batches (one journal commit each, durable once
/// accepted) and then their firing states move on by compare-and-swap in one store commit; a crash between the two
/// repeats those firings once after the restart, with the same execution ids (at least once, as AWS promises).
/// Sleeps until the next firing, a change made through this process's API, or a poll of the feed for other processes'
/// changes, on the server's TimeProvider (tests move a manual clock).
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

    /// <summary>
    /// Most firings handed over together: one journal commit for their invocations and one store commit for their
    /// firing states, instead of two durable commits per firing (which let 10,000 schedules fall a minute behind).
    /// Bounds a batch's memory and how long one commit holds the store's write lock.
    /// </summary>
    public const int MaxBatch = 1000;

    private readonly Dictionary<ResourceKey, Versioned<Schedule>> _schedules = [];
    private readonly Dictionary<ResourceKey, Versioned<FiringState>> _firings = [];
    private long _cursor;

    /// <summary>Schedules whose schedule or firing state changed in the feed since planning last looked: the only ones
    /// that can need a plan, so a tick costs what changed rather than a pass over every schedule.</summary>
    private readonly HashSet<ResourceKey> _touched = [];

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
        var plans = new List<StateChange>();
        foreach (var key in _touched)
        {
            if (!_schedules.TryGetValue(key, out var schedule)) continue;
            if (_firings.TryGetValue(key, out var firing) && firing.Value.ScheduleVersion == schedule.Version) continue;
            plans.Add(Plan(schedule, firing));
        }
        foreach (var chunk in plans.Chunk(MaxBatch)) CommitAll(chunk);
        // Only once the plans are committed (a failed commit leaves them to the next tick); what the commits wrote
        // comes back through the feed and is looked at again, cheaply, next time.
        _touched.Clear();
        if (plans.Count > 0) ReadFeed();

        // Everything due by this tick's "now" goes out in batches; a schedule handed over once in this tick is not
        // taken again in it (its state may not have moved on after a conflict: the next tick re-reads it), and what
        // comes due meanwhile waits for the next tick, so a steady stream of firings cannot keep one tick from ending.
        var handled = new HashSet<ResourceKey>();
        while (true)
        {
            var due = Due(now, handled);
            if (due.Count == 0) break;
            await FireAsync(due, now, handled, cancellation);
            ReadFeed();
        }

        var next = _firings.Values.Where(f => f.Value.FireAt is not null).Select(f => f.Value.FireAt!.Value).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
        var until = next == DateTimeOffset.MaxValue ? PollInterval : next - time.GetUtcNow();
        return until < TimeSpan.Zero ? TimeSpan.Zero : until > PollInterval ? PollInterval : until;
    }

    /// <summary>Up to <see cref="MaxBatch"/> firings due by <paramref name="now"/> whose state is computed from the
    /// schedule's current version, earliest first.</summary>
    private List<(Versioned<Schedule> Schedule, Versioned<FiringState> Firing)> Due(DateTimeOffset now, HashSet<ResourceKey> handled)
    {
        var due = new List<(Versioned<Schedule>, Versioned<FiringState>)>();
        // _firings is keyed by the schedule's key (a firing state's own key differs in kind only).
        foreach (var (scheduleKey, firing) in _firings)
        {
            if (firing.Value.FireAt is { } at && at <= now && !handled.Contains(scheduleKey)
                && _schedules.TryGetValue(scheduleKey, out var schedule) && schedule.Version == firing.Value.ScheduleVersion)
                due.Add((schedule, firing));
        }
        due.Sort(static (a, b) => a.Item2.Value.FireAt!.Value.CompareTo(b.Item2.Value.FireAt!.Value));
        if (due.Count > MaxBatch) due.RemoveRange(MaxBatch, due.Count - MaxBatch);
        return due;
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
                        _touched.Add(change.Key);
                        break;
                    case SchedulerKinds.Firing:
                        var scheduleKey = change.Key with { Kind = SchedulerKinds.Schedule };
                        if (change.Document is null) _firings.Remove(scheduleKey);
                        else _firings[scheduleKey] = new(change.Key, change.Version, SchedulerStore.ParseFiring(change.Document));
                        _touched.Add(scheduleKey);
                        break;
                }
            }
        }
    }

    /// <summary>A schedule new to the clock, or changed since its firing state was computed: its first firing from now on.</summary>
    private static StateChange Plan(Versioned<Schedule> schedule, Versioned<FiringState>? firing)
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
            if (next is null && s.ActionAfterCompletion == "DELETE") return StateChange.Deletion(schedule, firing, "it has no firing left");
        }
        return new StateChange(schedule.Value.Arn, [SchedulerStore.Write(SchedulerStore.FiringKey(schedule.Key), firing?.Version ?? 0,
            new FiringState(schedule.Version, next, next is { } n ? n + Jitter(s) : null))], DeletedBecause: null);
    }

    /// <summary>
    /// Fires a batch of due schedules: all their invocations in one hand-over to the sink (one journal commit), then all
    /// their firing states moved on in one store commit. A crash between the two repeats the whole batch once after
    /// the restart, each firing with the same execution id (at least once).
    /// </summary>
    private async Task FireAsync(List<(Versioned<Schedule> Schedule, Versioned<FiringState> Firing)> due, DateTimeOffset now,
        HashSet<ResourceKey> handled, CancellationToken cancellation)
    {
        var events = new List<AcceptedEvent>(due.Count);
        var deliveries = new List<DeliveryTask>(due.Count);
        var handedOver = new List<(AccountRegion Scope, DateTimeOffset FireAt)>(due.Count);
        var changes = new List<StateChange>(due.Count);
        foreach (var (schedule, firing) in due)
        {
            handled.Add(schedule.Key);
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
            var fireAt = firing.Value.FireAt!.Value;
            if (now - scheduled <= s.Target.MaximumEventAge)
            {
                var invocation = new ScheduledInvocation(s.AccountId, s.Region, s.GroupName, s.Name,
                    ScheduledInvocation.ExecutionIdFor(s.Arn, scheduled), scheduled, s.Target);
                events.Add(new AcceptedEvent(invocation.ExecutionId, s.Scope, "", invocation.ToJson(), scheduled > fireAt ? scheduled : fireAt, Hop: 0));
                deliveries.Add(DeliveryTask.ForSchedule(invocation.ExecutionId, s.Scope, s.GroupName, s.Name));
                handedOver.Add((s.Scope, fireAt));
            }
            else
            {
                metrics.Skipped(s.Scope);
                logger.LogWarning("schedule {ScheduleArn}: the firing due at {ScheduledTime:o} is older than its MaximumEventAgeInSeconds and is skipped",
                    s.Arn, scheduled);
            }

            var next = timing.NextAfter(scheduled, s.LastModificationDate);
            changes.Add(next is null && s.ActionAfterCompletion == "DELETE"
                ? StateChange.Deletion(schedule, firing, "its last firing went out (ActionAfterCompletion DELETE)")
                : new StateChange(s.Arn, [SchedulerStore.Write(firing.Key, firing.Version,
                    new FiringState(schedule.Version, next, next is { } at ? at + Jitter(s) : null))], DeletedBecause: null));
        }

        if (events.Count > 0)
        {
            await sink.AcceptAsync(events, deliveries, cancellation);
            // Lateness is measured at hand-over: when the batch is durable in the journal.
            var handedAt = time.GetUtcNow();
            foreach (var (scope, fireAt) in handedOver) metrics.Fired(scope, handedAt - fireAt);
        }
        CommitAll(changes);
    }

    /// <summary>
    /// Commits the changes of many schedules at once (one durable commit instead of one each). The store's commit is
    /// all or nothing, so when another writer got to some of them first (DeleteSchedule removed a firing state, an
    /// update of a schedule that a DELETE completion removes, another clock), those are dropped, as one commit of
    /// each would have failed, and the rest go in one more commit; should a writer race that one too, one by one.
    /// The feed then tells the clock what the store holds.
    /// </summary>
    private void CommitAll(IReadOnlyList<StateChange> changes)
    {
        if (changes.Count == 0) return;
        if (TryCommit(changes.SelectMany(c => c.Writes).ToList()))
        {
            Committed(changes);
            return;
        }
        var current = changes.Where(IsCurrent).ToList();
        logger.LogDebug("{Stale} of {Count} firing states changed meanwhile; re-read", changes.Count - current.Count, changes.Count);
        if (current.Count == 0) return;
        if (TryCommit(current.SelectMany(c => c.Writes).ToList()))
        {
            Committed(current);
            return;
        }
        foreach (var change in current)
        {
            if (TryCommit(change.Writes)) Committed([change]);
        }
    }

    /// <summary>Whether every write of <paramref name="change"/> still names its resource's live version.</summary>
    private bool IsCurrent(StateChange change) =>
        change.Writes.All(w => (store.Store.Get(w.Key)?.Version ?? 0) == w.ExpectedVersion);

    private void Committed(IEnumerable<StateChange> changes)
    {
        foreach (var change in changes)
        {
            if (change.DeletedBecause is { } why) logger.LogInformation("schedule {ScheduleArn} deleted: {Why}", change.ScheduleArn, why);
        }
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

    /// <summary>One schedule's writes to the store (all or none): its next firing state, or its deletion.</summary>
    private sealed record StateChange(string ScheduleArn, IReadOnlyList<ResourceWrite> Writes, string? DeletedBecause)
    {
        /// <summary>Deletes the schedule (at the version the clock read: an update meanwhile wins) and its firing state.</summary>
        public static StateChange Deletion(Versioned<Schedule> schedule, Versioned<FiringState>? firing, string why)
        {
            var writes = new List<ResourceWrite> { new(schedule.Key, schedule.Version, null) };
            if (firing is not null) writes.Add(new ResourceWrite(firing.Key, firing.Version, null));
            return new StateChange(schedule.Value.Arn, writes, why);
        }
    }
}
