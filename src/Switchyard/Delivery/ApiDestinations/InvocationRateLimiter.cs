namespace Switchyard.Delivery.ApiDestinations;

/// <summary>
/// Holds calls to one API destination to its InvocationRateLimitPerSecond by handing out evenly spaced time slots
/// (one every 1/rate seconds). A caller over the limit waits for its slot instead of failing, as EventBridge queues
/// events for a throttled destination rather than dropping them. One process's limit; a cluster on PostgreSQL uses
/// <see cref="ClusterInvocationRateLimiter"/>.
/// </summary>
public sealed class InvocationRateLimiter(int ratePerSecond, TimeProvider time) : IInvocationRateLimiter
{
    private readonly long _interval = Math.Max(1, time.TimestampFrequency / Math.Max(1, ratePerSecond));
    private readonly object _gate = new();
    private long _nextSlot = long.MinValue;

    public int RatePerSecond { get; } = ratePerSecond;

    /// <summary>Completes when this call may go out.</summary>
    public ValueTask WaitTurnAsync(CancellationToken cancellation)
    {
        long slot;
        long now;
        lock (_gate)
        {
            now = time.GetTimestamp();
            slot = Math.Max(now, _nextSlot);
            _nextSlot = slot + _interval;
        }
        if (slot <= now) return ValueTask.CompletedTask;
        var wait = TimeSpan.FromSeconds((double)(slot - now) / time.TimestampFrequency);
        return new ValueTask(Task.Delay(wait, time, cancellation));
    }
}
