namespace Switchyard.Delivery.Dispatch;

/// <summary>
/// Exponential backoff with jitter: the n-th retry waits between half and all of
/// <c>min(maxBackoff, initialBackoff * 2^(n-1))</c>. The jitter spreads the retries of many events that failed
/// together (a target that was down) instead of sending them back all at once.
/// </summary>
public sealed class RetryBackoff(TimeSpan initial, TimeSpan max, Func<double>? random = null)
{
    private readonly Func<double> _random = random ?? Random.Shared.NextDouble;

    /// <param name="retry">1 for the first retry.</param>
    public TimeSpan DelayBefore(int retry)
    {
        var exponent = Math.Min(retry - 1, 40);
        var ceiling = Math.Min(max.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(ceiling / 2 + _random() * ceiling / 2);
    }
}
