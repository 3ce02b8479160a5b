using System.Diagnostics;

namespace Switchyard.LoadGen;

/// <summary>
/// Latency samples in microseconds, appended lock-free into a fixed array (so memory is bounded; samples past the
/// capacity are counted but not kept), summarised as percentiles at the end.
/// </summary>
public sealed class LatencyRecorder(int capacity)
{
    private readonly long[] _samples = new long[capacity];
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void RecordSince(long startTimestamp) => Record(Stopwatch.GetElapsedTime(startTimestamp));

    public void Record(TimeSpan latency)
    {
        var index = Interlocked.Increment(ref _count) - 1;
        if (index < _samples.Length) _samples[index] = (long)(latency.Ticks / 10.0);
    }

    public Summary Summarise()
    {
        var kept = (int)Math.Min(Count, _samples.Length);
        var sorted = _samples.AsSpan(0, kept).ToArray();
        Array.Sort(sorted);
        double At(double q) => kept == 0 ? double.NaN : sorted[Math.Min(kept - 1, (int)Math.Ceiling(q * kept) - 1)] / 1000.0;
        return new Summary(Count, At(0.50), At(0.90), At(0.99), kept == 0 ? double.NaN : sorted[^1] / 1000.0);
    }

    /// <summary>Milliseconds.</summary>
    public sealed record Summary(long Count, double P50, double P90, double P99, double Max);
}
