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
/// missed while "down" made by the next clock on the same store (or skipped past the retry window), and the
/// leadership gate.
/// </summary>
public sealed class ScheduleClockTests : IDisposable
{
    private readonly InMemoryVersionedStore _store = new();
    private readonly RecordingEventSink _sink = new();
    private readonly ManualClock _clock = new(At("2026-10-23T12:00:00Z"));
    private readonly SchedulerStore _schedules;

    public ScheduleClockTests() => _schedules = new SchedulerStore(_store);

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

    private ResourceKey Put(Schedule schedule)
    {
        var key = SchedulerStore.ScheduleKey(schedule.Scope, schedule.GroupName, schedule.Name);
        _store.Commit([SchedulerStore.Write(key, 0, schedule)]);
        return key;
    }

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
