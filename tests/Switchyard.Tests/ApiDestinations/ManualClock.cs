namespace Switchyard.Tests.ApiDestinations;

/// <summary>
/// A wall clock the test moves forward by hand (token expiry); timers and timestamps stay real, so rate-limit
/// waits still pass in real time.
/// </summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => start.AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
