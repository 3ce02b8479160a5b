using Microsoft.Extensions.Logging.Abstractions;
using Switchyard.Delivery.Metrics;
using Switchyard.Scheduler.Domain;
using Switchyard.Scheduler.Firing;
using Switchyard.Storage.Versioned;
using Switchyard.Tests.Schedules;
using static Switchyard.Tests.Scheduler.ScheduleTimingTests;

namespace Switchyard.Tests.Scheduler;

/// <summary>
/// The schedule clock on a manual clock and an in-memory versioned store: firings at the right instants (across a
/// daylight-saving change), once each, one-off schedules deleted after firing, disabled schedules silent, a firing
/// missed while "down" made by the next clock on the same store (or skipped past the retry window), the leadership
/// gate, and the batches: many due firings in one hand-over and one store commit, writers racing a batch's commit, and
/// a crash between the two commits.
/// </summary>
public sealed class ScheduleClockTests : IDisposable
{
    private readonly InMemoryVersionedStore _store = new();
    private readonly RecordingEventSink _sink = new();
    private readonly ManualClock _clock = new(At("2026-10-23T12:00:00Z"));
    private readonly HookedVersionedStore _hooked;
    private readonly SchedulerStore _schedules;

    public ScheduleClockTests()
    {
        _hooked = new HookedVersionedStore(_store);
        _schedules = new SchedulerStore(_hooked);
    }

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task A_Berlin_cron_fires_at_the_right_instants_across_the_autumn_change()
    {
        Put(SchedulerFixtures.Schedule("daily", "cron(30 2 * * ? *)", "Europe/Berlin", created: _clock.GetUtcNow()));
        var clock = NewClock();
        await RunUntilAsync(clock, At("2026-10-27T12:00:00Z"));
        Assert.Equal([At("2026-10-24T00:30:00Z"), At("2026-10-25T00:30:00Z"), At("2026-10-26T01:30:00Z"), At("2026-10-27T01:30:00Z")],
            FiredAt());
        var first = _sink.Accepted[0];
        Assert.True(Assert.Single(first.Deliveries).IsScheduled);
        Assert.Equal("default/daily", first.Deliveries[0].RuleName);
        Assert.Equal(ScheduledInvocation.FromJson(first.Event.Envelope)!.ExecutionId, first.Event.EventId);
    }

    [Fact]
    public async Task A_one_off_schedule_with_delete_fires_once_and_is_deleted()
    {
        Put(SchedulerFixtures.Schedule("once", "at(2026-10-23T12:05:00)", created: _clock.GetUtcNow()) with { ActionAfterCompletion = "DELETE" });
        var clock = NewClock();
        await RunUntilAsync(clock, At("2026-10-23T13:00:00Z"));
        Assert.Equal([At("2026-10-23T12:05:00Z")], FiredAt());
        Assert.Empty(_store.List(SchedulerKinds.Schedule, SchedulerFixtures.Account, SchedulerFixtures.Region));
        Assert.Empty(_store.List(SchedulerKinds.Firing, SchedulerFixtures.Account, SchedulerFixtures.Region));
    }

    [Fact]
    public async Task A_disabled_schedule_does_not_fire()
    {
        Put(SchedulerFixtures.Schedule("off", "rate(5 minutes)", created: _clock.GetUtcNow()) with { State = ScheduleStates.Disabled });
        await RunUntilAsync(NewClock(), At("2026-10-23T13:00:00Z"));
        Assert.Empty(_sink.Accepted);
    }

    [Fact]
    public async Task A_firing_missed_while_down_is_made_once_by_the_next_clock()
    {
        Put(SchedulerFixtures.Schedule("hourly", "cron(0 * * * ? *)", created: _clock.GetUtcNow()));
        await RunUntilAsync(NewClock(), At("2026-10-23T13:30:00Z"));
        // Created on a matching minute: that minute counts.
        Assert.Equal([At("2026-10-23T12:00:00Z"), At("2026-10-23T13:00:00Z")], FiredAt());

        // "Down" for three and a half hours: 14:00, 15:00, 16:00 and 17:00 are missed; the latest goes out at once.
        _clock.Advance(TimeSpan.FromHours(3.5));
        var restarted = NewClock();
        await restarted.TickAsync(CancellationToken.None);
        Assert.Equal([At("2026-10-23T12:00:00Z"), At("2026-10-23T13:00:00Z"), At("2026-10-23T17:00:00Z")], FiredAt());
        await restarted.TickAsync(CancellationToken.None);
        Assert.Equal(3, _sink.Accepted.Count);
        await RunUntilAsync(restarted, At("2026-10-23T18:30:00Z"));
        Assert.Equal(At("2026-10-23T18:00:00Z"), FiredAt()[^1]);
    }

    [Fact]
    public async Task A_firing_missed_for_longer_than_the_retry_window_is_skipped()
    {
        var schedule = SchedulerFixtures.Schedule("once", "at(2026-10-23T12:05:00)", created: _clock.GetUtcNow());
        Put(schedule with { Target = schedule.Target with { MaximumEventAgeInSeconds = 600 } });
        await NewClock().TickAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromHours(1));
        await NewClock().TickAsync(CancellationToken.None);
        Assert.Empty(_sink.Accepted);
    }

    [Fact]
    public async Task Only_the_leader_fires()
    {
        Put(SchedulerFixtures.Schedule("r", "rate(1 minute)", created: _clock.GetUtcNow()));
        var follower = NewClock(leader: false);
        using var stop = new CancellationTokenSource();
        await follower.StartAsync(stop.Token);
        _clock.Advance(TimeSpan.FromMinutes(5));
        await Task.Delay(200);
        await follower.StopAsync(CancellationToken.None);
        Assert.Empty(_sink.Accepted);
    }

    [Fact]
    public async Task An_updated_schedule_is_replanned()
    {
        var key = Put(SchedulerFixtures.Schedule("u", "cron(0 0 1 1 ? *)", created: _clock.GetUtcNow()));
        var clock = NewClock();
        await clock.TickAsync(CancellationToken.None);
        var current = _schedules.GetSchedule(key)!;
        _store.Commit([SchedulerStore.Write(key, current.Version, current.Value with
        {
            ScheduleExpression = "rate(10 minutes)",
            LastModificationDate = _clock.GetUtcNow(),
        })]);
        await RunUntilAsync(clock, At("2026-10-23T12:25:00Z"));
        Assert.Equal([At("2026-10-23T12:00:00Z"), At("2026-10-23T12:10:00Z"), At("2026-10-23T12:20:00Z")], FiredAt());
    }

    [Fact]
    public async Task Many_due_schedules_fire_in_one_tick_in_batches_of_one_hand_over_and_one_store_commit()
    {
        const int count = 2_500;
        for (var i = 0; i < count; i++) Put(SchedulerFixtures.Schedule($"s{i:D4}", "rate(1 minute)", created: _clock.GetUtcNow()));
        var clock = NewClock();

        // rate() without StartDate fires at creation: all of them at once, in hand-overs of at most MaxBatch.
        await clock.TickAsync(CancellationToken.None);
        int[] batches = [ScheduleClock.MaxBatch, ScheduleClock.MaxBatch, count - 2 * ScheduleClock.MaxBatch];
        Assert.Equal(batches, _sink.Batches);
        Assert.All(FiredAt(), t => Assert.Equal(At("2026-10-23T12:00:00Z"), t));
        Assert.Equal(count, _sink.Accepted.Select(a => a.Event.EventId).Distinct().Count());
        // Three commits planning them and three moving them on, not one of each per schedule.
        Assert.Equal(6, _hooked.Commits);

        _clock.Advance(TimeSpan.FromMinutes(1));
        await clock.TickAsync(CancellationToken.None);
        Assert.Equal(batches.Concat(batches), _sink.Batches);
        Assert.Equal(9, _hooked.Commits);
        Assert.Equal(count, FiredAt().Count(t => t == At("2026-10-23T12:01:00Z")));
        Assert.Equal(2 * count, _sink.Accepted.Select(a => a.Event.EventId).Distinct().Count());

        // Every firing state moved on: nothing is due again at the same instant.
        await clock.TickAsync(CancellationToken.None);
        Assert.Equal(2 * count, _sink.Accepted.Count);
        Assert.Equal(At("2026-10-23T12:02:00Z"), NextFireAt());
    }

    [Fact]
    public async Task A_batch_raced_by_api_writers_still_moves_the_others_on_and_fires_the_updated_schedule_as_updated()
    {
        var keys = Enumerable.Range(0, 6)
            .Select(i => Put(SchedulerFixtures.Schedule($"s{i}", "rate(1 minute)", created: _clock.GetUtcNow()))).ToList();
        var clock = NewClock();
        await clock.TickAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(1));

        // While the 12:01 batch commits its firing states, API requests race it: UpdateSchedule of s1 and DeleteSchedule
        // of s2 just before the batch's commit (which then conflicts), DeleteSchedule of s3 just before its second try.
        _hooked.BeforeCommit.Enqueue(() =>
        {
            UpdateExpression(keys[1], "cron(5/10 * * * ? *)");
            DeleteLikeTheApi(keys[2]);
        });
        _hooked.BeforeCommit.Enqueue(() => DeleteLikeTheApi(keys[3]));
        await clock.TickAsync(CancellationToken.None);
        Assert.Empty(_hooked.BeforeCommit);

        // All six were due and handed over in one call each minute, before the races.
        Assert.Equal([6, 6], _sink.Batches);
        foreach (var i in new[] { 0, 1, 4, 5 })
            Assert.Equal(At("2026-10-23T12:02:00Z"), _schedules.GetFiring(SchedulerStore.FiringKey(keys[i]))!.Value.FireAt);
        Assert.Null(_schedules.GetFiring(SchedulerStore.FiringKey(keys[2])));
        Assert.Null(_schedules.GetFiring(SchedulerStore.FiringKey(keys[3])));

        await RunUntilAsync(clock, At("2026-10-23T12:20:00Z"));
        var minutes = Enumerable.Range(0, 21).Select(m => At("2026-10-23T12:00:00Z").AddMinutes(m)).ToList();
        foreach (var name in new[] { "s0", "s4", "s5" }) Assert.Equal(minutes, FiredAt(name));
        // The updated schedule is re-planned from its new expression; the deleted ones never fire again.
        Assert.Equal([At("2026-10-23T12:00:00Z"), At("2026-10-23T12:01:00Z"), At("2026-10-23T12:05:00Z"), At("2026-10-23T12:15:00Z")],
            FiredAt("s1"));
        Assert.Equal(minutes.Take(2), FiredAt("s2"));
        Assert.Equal(minutes.Take(2), FiredAt("s3"));
    }

    [Fact]
    public async Task A_crash_between_the_journal_commit_and_the_store_commit_repeats_the_batch_once_with_the_same_execution_ids()
    {
        for (var i = 0; i < 3; i++) Put(SchedulerFixtures.Schedule($"s{i}", "rate(1 minute)", created: _clock.GetUtcNow()));
        await NewClock().TickAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(1));

        // The 12:01 batch reaches the sink (durable), then the store commit of its firing states fails: the process dies.
        _hooked.BeforeCommit.Enqueue(() => throw new IOException("the disk went away"));
        await Assert.ThrowsAsync<IOException>(() => NewClock().TickAsync(CancellationToken.None));
        var handedOver = ExecutionIds().Skip(3).ToList();
        Assert.Equal(3, handedOver.Count);

        // The next process repeats those firings, once, with the same execution ids, then goes on.
        var restarted = NewClock();
        await restarted.TickAsync(CancellationToken.None);
        Assert.Equal(handedOver.Order(), ExecutionIds().Skip(6).Order());
        Assert.All(FiredAt().Skip(3), t => Assert.Equal(At("2026-10-23T12:01:00Z"), t));
        await restarted.TickAsync(CancellationToken.None);
        Assert.Equal(9, _sink.Accepted.Count);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await restarted.TickAsync(CancellationToken.None);
        Assert.Equal(12, _sink.Accepted.Count);
        Assert.Empty(ExecutionIds().Skip(9).Intersect(handedOver));
    }

    private ResourceKey Put(Schedule schedule)
    {
        var key = SchedulerStore.ScheduleKey(schedule.Scope, schedule.GroupName, schedule.Name);
        _store.Commit([SchedulerStore.Write(key, 0, schedule)]);
        return key;
    }

    /// <summary>What UpdateSchedule commits: the schedule alone, at the version read.</summary>
    private void UpdateExpression(ResourceKey key, string expression)
    {
        var current = _schedules.GetSchedule(key)!;
        _store.Commit([SchedulerStore.Write(key, current.Version, current.Value with
        {
            ScheduleExpression = expression,
            LastModificationDate = _clock.GetUtcNow(),
        })]);
    }

    /// <summary>What DeleteSchedule commits: the schedule and its firing state.</summary>
    private void DeleteLikeTheApi(ResourceKey key)
    {
        var schedule = _store.Get(key)!;
        var firing = _store.Get(SchedulerStore.FiringKey(key))!;
        _store.Commit([new ResourceWrite(key, schedule.Version, null), new ResourceWrite(firing.Key, firing.Version, null)]);
    }

    private List<string> ExecutionIds() => _sink.Accepted.Select(a => a.Event.EventId).ToList();

    private List<DateTimeOffset> FiredAt(string name) =>
        _sink.Accepted.Select(a => ScheduledInvocation.FromJson(a.Event.Envelope)!)
            .Where(i => i.ScheduleName == name).Select(i => i.ScheduledTime).ToList();

    private ScheduleClock NewClock(bool leader = true) => new(_schedules, _sink, new ScheduleChangeSignal(),
        leader ? new SoleProcessLeadership() : new NoLeadership(), new SchedulerMetrics(new DeliveryMetrics()), _clock,
        NullLogger<ScheduleClock>.Instance);

    /// <summary>Ticks the clock, jumping the manual clock to each firing it says is next, up to <paramref name="until"/>.</summary>
    private async Task RunUntilAsync(ScheduleClock clock, DateTimeOffset until)
    {
        while (true)
        {
            var wait = await clock.TickAsync(CancellationToken.None);
            var next = NextFireAt();
            var now = _clock.GetUtcNow();
            var target = next is { } n && n > now ? n : now + (wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1));
            if (target > until)
            {
                _clock.Advance(until - now);
                await clock.TickAsync(CancellationToken.None);
                return;
            }
            _clock.Advance(target - now);
        }
    }

    private DateTimeOffset? NextFireAt() =>
        _store.List(SchedulerKinds.Firing, SchedulerFixtures.Account, SchedulerFixtures.Region)
            .Select(r => SchedulerStore.ParseFiring(r.Document).FireAt)
            .Where(f => f is not null)
            .Min();

    private List<DateTimeOffset> FiredAt() =>
        _sink.Accepted.Select(a => ScheduledInvocation.FromJson(a.Event.Envelope)!.ScheduledTime).ToList();

    private sealed class NoLeadership : IScheduleClockLeadership
    {
        public bool IsLeader => false;
    }
}
