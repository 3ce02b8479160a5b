namespace Switchyard.Scheduler.Firing;

/// <summary>
/// Wakes the schedule clock when this process changed a schedule, so a new or updated schedule is looked at at once
/// rather than at the clock's next poll of the store's change feed (which still catches other processes' changes).
/// </summary>
public sealed class ScheduleChangeSignal
{
    private readonly SemaphoreSlim _changed = new(0, 1);

    public void Notify()
    {
        if (_changed.CurrentCount == 0)
        {
            try
            {
                _changed.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled: one wake-up covers every change made before it.
            }
        }
    }

    /// <summary>Waits for a change, at most <paramref name="timeout"/> (on <paramref name="time"/>'s timers).</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellation)
    {
        using var timeoutSource = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, timeoutSource.Token);
        try
        {
            await _changed.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            // The timeout passed without a change.
        }
    }
}
