namespace Switchyard.Scheduler.Firing;

/// <summary>
/// The Scheduler's "now": what the schedule clock fires by (firing times, the scheduled-time context attribute,
/// StartDate/EndDate, at() due-ness) and what the Scheduler API judges dates against, so both agree. It is the
/// server's <see cref="TimeProvider"/> plus an offset that stays zero unless the server runs with the test clock
/// (<c>--scheduler-test-clock</c>), where an admin moves it forward (<c>/_switchyard/scheduler/clock</c>) to see a
/// schedule fire months ahead without waiting. Everything else (SigV4 skew, leases, delivery retries) keeps the
/// server's own time. Timers and timestamps are the server's: a wait of N seconds is N real seconds, and a jump wakes
/// the schedule clock (<see cref="ScheduleChangeSignal"/>) so what came due goes out at once. The offset lives in this
/// process only: a restart starts at real time again.
/// </summary>
public sealed class SchedulerTime(TimeProvider real, ScheduleChangeSignal changes, bool settable) : TimeProvider
{
    /// <summary>How far ahead of real time the test clock may go: enough for any test, far from DateTimeOffset's end.</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(100 * 365);

    private readonly Lock _moving = new();
    private long _offsetTicks;

    /// <summary>Whether the test clock is on (an admin may move this time).</summary>
    public bool IsSettable => settable;

    /// <summary>How far ahead of the server's time the Scheduler runs (zero unless the test clock was moved).</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => real.GetUtcNow() + Offset;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        real.CreateTimer(callback, state, dueTime, period);

    public override long GetTimestamp() => real.GetTimestamp();

    public override long TimestampFrequency => real.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => real.LocalTimeZone;

    /// <summary>
    /// Moves the Scheduler's time forward to <paramref name="target"/> and wakes the schedule clock. False, and nothing
    /// changes, when <paramref name="target"/> is earlier than the Scheduler's time (it never goes back: firing states
    /// already moved past it) or more than <see cref="MaxAhead"/> ahead of real time. <paramref name="now"/> is the
    /// Scheduler's time after the call.
    /// </summary>
    /// <exception cref="InvalidOperationException">The test clock is off.</exception>
    public bool TryMoveTo(DateTimeOffset target, out DateTimeOffset now) => TryMove(_ => target, out now);

    /// <summary>As <see cref="TryMoveTo"/>, by <paramref name="by"/> from the Scheduler's time (false when negative).</summary>
    /// <exception cref="InvalidOperationException">The test clock is off.</exception>
    public bool TryAdvance(TimeSpan by, out DateTimeOffset now) =>
        TryMove(current => by < TimeSpan.Zero || by > MaxAhead ? null : current + by, out now);

    private bool TryMove(Func<DateTimeOffset, DateTimeOffset?> targetFrom, out DateTimeOffset now)
    {
        if (!settable) throw new InvalidOperationException("The Scheduler's test clock is off (--scheduler-test-clock).");
        lock (_moving)
        {
            var realNow = real.GetUtcNow();
            now = realNow + Offset;
            var target = targetFrom(now);
            if (target is not { } to || to < now || to - realNow > MaxAhead) return false;
            Interlocked.Exchange(ref _offsetTicks, (to - realNow).Ticks);
            now = to;
        }
        changes.Notify();
        return true;
    }
}
