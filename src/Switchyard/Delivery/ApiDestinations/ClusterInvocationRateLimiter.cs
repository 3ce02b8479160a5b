using Switchyard.Storage.Postgres;

namespace Switchyard.Delivery.ApiDestinations;

/// <summary>
/// Holds calls to one API destination to its InvocationRateLimitPerSecond for every node on one PostgreSQL database
/// together: a call goes out only with a token of the current second's shared window
/// (<see cref="PostgresRateLimitWindows"/>). Tokens are taken a small batch at a time (a tenth of the limit, at most
/// 25) so a busy destination costs a node a few round trips a second, not one per call; tokens a node holds when its
/// second ends are dropped, never carried over, so the nodes' calls in any second of the database's clock add up to at
/// most the limit. A caller with no token waits, as with the local limiter: EventBridge queues events for a throttled
/// destination rather than dropping them. Unlike the local limiter, calls are not spaced evenly within the second.
/// </summary>
public sealed class ClusterInvocationRateLimiter(string limiter, int ratePerSecond, PostgresRateLimitWindows windows, TimeProvider time)
    : IInvocationRateLimiter
{
    private readonly int _batch = Math.Clamp(ratePerSecond / 10, 1, 25);
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _taking = new(1, 1);
    private int _remaining;
    private long _window = long.MinValue;
    private long _validUntil;
    private long _prunedAt = long.MinValue / 2;

    public int RatePerSecond { get; } = Math.Max(1, ratePerSecond);

    public async ValueTask WaitTurnAsync(CancellationToken cancellation) => await TakeTurnAsync(cancellation).ConfigureAwait(false);

    /// <summary>Waits for a token and returns the second of the database's clock (Unix time) it belongs to.</summary>
    public async ValueTask<long> TakeTurnAsync(CancellationToken cancellation)
    {
        while (true)
        {
            if (TryUseHeld(out var window)) return window;
            // One caller at a time asks the database; the others find its tokens when it is done.
            await _taking.WaitAsync(cancellation).ConfigureAwait(false);
            try
            {
                if (TryUseHeld(out window)) return window;
                // Timed from before the request: the database read its clock after this, so validity ends no later
                // than the window does.
                var asked = time.GetTimestamp();
                var grant = await windows.TakeAsync(limiter, Math.Min(_batch, RatePerSecond), RatePerSecond, cancellation).ConfigureAwait(false);
                // The batch no longer fits this second: the remainder may, one token at a time.
                if (grant.Granted == 0 && _batch > 1)
                    grant = await windows.TakeAsync(limiter, 1, RatePerSecond, cancellation).ConfigureAwait(false);
                if (grant.Granted > 0)
                {
                    lock (_gate)
                    {
                        _window = grant.WindowSecond;
                        _remaining = grant.Granted;
                        _validUntil = asked + (long)(grant.SecondsLeft * time.TimestampFrequency);
                        // Old windows are deleted by whoever uses the limiter, every half minute or so.
                        if (grant.WindowSecond - _prunedAt >= 30)
                        {
                            _prunedAt = grant.WindowSecond;
                            _ = PruneAsync();
                        }
                    }
                    continue;
                }
                // This second's budget is spent by the cluster: wait for the next one (a millisecond past its start,
                // so the next take lands in it even with the round trip's jitter).
                await Task.Delay(TimeSpan.FromSeconds(grant.SecondsLeft) + TimeSpan.FromMilliseconds(1), time, cancellation).ConfigureAwait(false);
            }
            finally
            {
                _taking.Release();
            }
        }
    }

    private bool TryUseHeld(out long window)
    {
        lock (_gate)
        {
            window = _window;
            if (_remaining <= 0 || time.GetTimestamp() >= _validUntil) return false;
            _remaining--;
            return true;
        }
    }

    /// <summary>Deletes this limiter's windows older than a minute; a failure leaves them for the next try.</summary>
    private async Task PruneAsync()
    {
        try
        {
            await windows.PruneAsync(limiter, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception error) when (error is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
        {
        }
    }
}
