using System.Collections.Concurrent;
using Switchyard.Domain.ApiDestinations;

namespace Switchyard.Delivery.ApiDestinations;

/// <summary>
/// One rate limiter per API destination, replaced when its rate is updated. By default each is this process's own
/// (<see cref="InvocationRateLimiter"/>); nodes sharing a PostgreSQL database pass a factory making
/// <see cref="ClusterInvocationRateLimiter"/>s, so the limit holds for the cluster as a whole.
/// </summary>
public sealed class InvocationRateLimiters(TimeProvider time, Func<string, int, IInvocationRateLimiter>? create = null)
{
    private readonly ConcurrentDictionary<string, IInvocationRateLimiter> _limiters = new(StringComparer.Ordinal);
    private readonly Func<string, int, IInvocationRateLimiter> _create = create ?? ((_, rate) => new InvocationRateLimiter(rate, time));

    public IInvocationRateLimiter For(ApiDestination destination)
    {
        var rate = destination.InvocationRateLimitPerSecond;
        var limiter = _limiters.GetOrAdd(destination.Arn, arn => _create(arn, rate));
        if (limiter.RatePerSecond == rate) return limiter;
        var replacement = _create(destination.Arn, rate);
        return _limiters.TryUpdate(destination.Arn, replacement, limiter) ? replacement : For(destination);
    }
}
