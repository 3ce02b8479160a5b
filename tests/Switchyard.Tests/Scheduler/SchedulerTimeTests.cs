using Microsoft.Extensions.Logging.Abstractions;
using Switchyard.Delivery.Metrics;
using Switchyard.Scheduler.Domain;
using Switchyard.Scheduler.Firing;
using Switchyard.Storage.Versioned;
using Switchyard.Tests.Schedules;
using static Switchyard.Tests.Scheduler.ScheduleTimingTests;

namespace Switchyard.Tests.Scheduler;

/// <summary>
/// The Scheduler's time (<see cref="SchedulerTime"/>): the server's time when the test clock is off; with it on, a clock
/// that moves forward only, keeps the server's timers, and wakes the schedule clock so what came due fires at once.
/// </summary>
public sealed class SchedulerTimeTests
{
    private readonly ManualClock _real = new(At("2026-12-03T02:00:00Z"));
    private readonly ScheduleChangeSignal _changes = new();

    [Fact]
    public void Off_it_is_the_server_time_and_cannot_be_moved()
    {
        var time = new SchedulerTime(_real, _changes, settable: false);
        Assert.False(time.IsSettable);
        Assert.Equal(_real.GetUtcNow(), time.GetUtcNow());
        Assert.Throws<InvalidOperationException>(() => time.TryAdvance(TimeSpan.FromHours(1), out _));
        Assert.Throws<InvalidOperationException>(() => time.TryMoveTo(At("2027-01-01T00:00:00Z"), out _));
        Assert.Equal(_real.GetUtcNow(), time.GetUtcNow());
    }

    [Fact]
    public void It_moves_forward_only_and_keeps_running_with_the_server_time()
    {
        var time = new SchedulerTime(_real, _changes, settable: true);
        Assert.Equal(TimeSpan.Zero, time.Offset);

        Assert.True(time.TryMoveTo(At("2027-03-28T00:55:00Z"), out var now));
        Assert.Equal(At("2027-03-28T00:55:00Z"), now);
        _real.Advance(TimeSpan.FromSeconds(90));
        Assert.Equal(At("2027-03-28T00:56:30Z"), time.GetUtcNow());

        Assert.False(time.TryMoveTo(At("2027-03-28T00:56:00Z"), out now));
        Assert.Equal(At("2027-03-28T00:56:30Z"), now);
        Assert.False(time.TryAdvance(TimeSpan.FromSeconds(-1), out _));
        Assert.Equal(At("2027-03-28T00:56:30Z"), time.GetUtcNow());

        Assert.True(time.TryAdvance(TimeSpan.FromDays(1), out now));
        Assert.Equal(At("2027-03-29T00:56:30Z"), now);
        Assert.True(time.TryAdvance(TimeSpan.Zero, out now));
        Assert.Equal(At("2027-03-29T00:56:30Z"), now);
        Assert.Equal(At("2027-03-29T00:56:30Z"), time.GetUtcNow());
        Assert.Equal(At("2027-03-29T00:56:30Z") - _real.GetUtcNow(), time.Offset);
    }

    [Fact]
    public void It_goes_no_further_than_the_bound_ahead_of_real_time()
    {
        var time = new SchedulerTime(_real, _changes, settable: true);
        Assert.False(time.TryMoveTo(_real.GetUtcNow() + SchedulerTime.MaxAhead + TimeSpan.FromSeconds(1), out _));
        Assert.False(time.TryAdvance(TimeSpan.MaxValue, out _));
        Assert.Equal(_real.GetUtcNow(), time.GetUtcNow());
        Assert.True(time.TryMoveTo(_real.GetUtcNow() + SchedulerTime.MaxAhead, out _));
        Assert.False(time.TryAdvance(TimeSpan.FromSeconds(1), out _));
    }

    [Fact]
    public async Task A_move_wakes_a_wait_on_the_change_signal()
    {
        var time = new SchedulerTime(_real, _changes, settable: true);
        // On the manual clock the hour never passes by itself: only the move can end this wait.
        var waiting = _changes.WaitAsync(TimeSpan.FromHours(1), time, CancellationToken.None);
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);
        Assert.True(time.TryAdvance(TimeSpan.FromMinutes(5), out _));
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Timers_run_on_the_server_time_not_the_moved_clock()
    {
        var time = new SchedulerTime(_real, _changes, settable: true);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1), time);
        Assert.True(time.TryAdvance(TimeSpan.FromDays(1), out _));
        Assert.False(timeout.IsCancellationRequested);
        _real.Advance(TimeSpan.FromMinutes(1));
        Assert.True(timeout.IsCancellationRequested);
    }

    [Fact]
    public async Task Moving_the_test_clock_makes_the_running_schedule_clock_fire_what_came_due()
    {
        using var store = new InMemoryVersionedStore();
        var schedules = new SchedulerStore(store);
        var sink = new RecordingEventSink();
        var time = new SchedulerTime(_real, _changes, settable: true);
        var schedule = SchedulerFixtures.Schedule("tomorrow", "at(2026-12-04T02:00:00)", created: time.GetUtcNow())
            with { ActionAfterCompletion = "DELETE" };
        store.Commit([SchedulerStore.Write(SchedulerStore.ScheduleKey(schedule.Scope, schedule.GroupName, schedule.Name), 0, schedule)]);
        var clock = new ScheduleClock(schedules, sink, _changes, new SoleProcessLeadership(),
            new SchedulerMetrics(new DeliveryMetrics()), time, NullLogger<ScheduleClock>.Instance);

        await clock.StartAsync(CancellationToken.None);
        try
        {
            // The clock plans the firing, then sleeps on a (manual, never advanced) timer.
            await _real.WaitForSleeperAsync();
            Assert.True(time.TryMoveTo(At("2026-12-04T01:59:59Z"), out _));
            await Task.Delay(200);
            Assert.Empty(sink.Accepted);

            Assert.True(time.TryAdvance(TimeSpan.FromSeconds(2), out _));
            await WaitUntilAsync(() => sink.Accepted.Count > 0 && store.List(SchedulerKinds.Schedule, SchedulerFixtures.Account, SchedulerFixtures.Region).Count == 0);
            var fired = Assert.Single(sink.Accepted);
            Assert.Equal(At("2026-12-04T02:00:00Z"), ScheduledInvocation.FromJson(fired.Event.Envelope)!.ScheduledTime);
        }
        finally
        {
            await clock.StopAsync(CancellationToken.None);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the schedule clock did not fire after the test clock moved");
            await Task.Delay(20);
        }
    }
}
