using System.Collections.Concurrent;
using Switchyard.Domain.ApiDestinations;

namespace Switchyard.Delivery.ApiDestinations;

/// <summary>One <see cref="InvocationRateLimiter"/> per API destination, replaced when its rate is updated.</summary>
public sealed class InvocationRateLimiters(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, InvocationRateLimiter> _limiters = new(StringComparer.Ordinal);

    public InvocationRateLimiter For(ApiDestination destination)
    {
        var rate = destination.InvocationRateLimitPerSecond;
        var limiter = _limiters.GetOrAdd(destination.Arn, _ => new InvocationRateLimiter(rate, time));
        if (limiter.RatePerSecond == rate) return limiter;
        var replacement = new InvocationRateLimiter(rate, time);
        return _limiters.TryUpdate(destination.Arn, replacement, limiter) ? replacement : For(destination);
    }
}
