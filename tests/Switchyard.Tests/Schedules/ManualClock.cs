namespace Switchyard.Tests.Schedules;

/// <summary>
/// A clock that moves only when the test advances it, with timers (so <c>Task.Delay(span, clock)</c> works): the
/// scheduler under test sleeps on it and wakes exactly when the test moves past its due time. Written by hand
/// because Microsoft.Extensions.TimeProvider.Testing is not among the project's packages.
/// </summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = start;
    private TaskCompletionSource _timersChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _now;
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward, firing each timer that comes due, in order of due time.</summary>
    public void Advance(TimeSpan by)
    {
        DateTimeOffset target;
        lock (_gate) target = _now + by;
        while (true)
        {
            ManualTimer? due;
            lock (_gate)
            {
                due = _timers.Where(t => t.DueAt <= target).MinBy(t => t.DueAt);
                if (due is null)
                {
                    _now = target;
                    return;
                }
                if (due.DueAt > _now) _now = due.DueAt!.Value;
                due.Rearm();
            }
            due.Fire();
        }
    }

    /// <summary>Waits (in real time, bounded) until some timer is set to come due at <paramref name="dueAt"/>.</summary>
    public Task WaitForTimerAsync(DateTimeOffset dueAt, TimeSpan? timeout = null) =>
        WaitForTimerAsync(due => due == dueAt, $"at {dueAt:o}", timeout);

    /// <summary>
    /// Waits (in real time, bounded) until some timer is set to come due in the future, that is until whoever
    /// uses the clock sleeps, and returns the earliest such due time.
    /// </summary>
    public async Task<DateTimeOffset> WaitForSleeperAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            await WaitForTimerAsync(due => due > GetUtcNow(), "in the future", deadline - DateTime.UtcNow);
            lock (_gate)
            {
                // The sleeper may have re-armed its timer between the wait and this lock: look again if so.
                var future = _timers.Where(t => t.DueAt > _now).Select(t => t.DueAt!.Value).ToList();
                if (future.Count > 0) return future.Min();
            }
        }
    }

    private async Task WaitForTimerAsync(Func<DateTimeOffset, bool> wanted, string description, TimeSpan? timeout)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_timers.Any(t => t.DueAt is { } due && wanted(due))) return;
                changed = _timersChanged.Task;
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                string pending;
                lock (_gate) pending = string.Join(", ", _timers.Select(t => t.DueAt?.ToString("o")));
                throw new TimeoutException($"no timer due {description} (pending: {pending})");
            }
            await Task.WhenAny(changed, Task.Delay(left));
        }
    }

    private void TimersChanged()
    {
        var changed = _timersChanged;
        _timersChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }

    private sealed class ManualTimer(ManualClock clock, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        /// <summary>When it fires next; null when stopped. Read and written under the clock's lock.</summary>
        public DateTimeOffset? DueAt { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
            {
                clock._timers.Remove(this);
                _period = period;
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : clock._now + dueTime;
                if (DueAt is not null) clock._timers.Add(this);
                clock.TimersChanged();
            }
            return true;
        }

        /// <summary>Called under the clock's lock when it fires: due again one period on, or stopped.</summary>
        public void Rearm()
        {
            clock._timers.Remove(this);
            if (_period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan)
            {
                DueAt += _period;
                clock._timers.Add(this);
            }
            else
            {
                DueAt = null;
            }
            clock.TimersChanged();
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (clock._gate)
            {
                clock._timers.Remove(this);
                DueAt = null;
                clock.TimersChanged();
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
