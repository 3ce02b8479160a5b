namespace Switchyard.Delivery.ApiDestinations;

/// <summary>Holds calls to one API destination to its InvocationRateLimitPerSecond: in this process
/// (<see cref="InvocationRateLimiter"/>) or across every node on one PostgreSQL database
/// (<see cref="ClusterInvocationRateLimiter"/>).</summary>
public interface IInvocationRateLimiter
{
    int RatePerSecond { get; }

    /// <summary>Completes when this call may go out.</summary>
    ValueTask WaitTurnAsync(CancellationToken cancellation);
}
