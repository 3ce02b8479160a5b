namespace Switchyard.Bench.CityLots;

/// <summary>Many UTF-8 events in one contiguous buffer (no per-event object overhead, friendly to the cache).</summary>
public sealed class CityLotsEvents(byte[] buffer, int[] offsets)
{
    public int Count => offsets.Length - 1;

    public long TotalBytes => offsets[^1];

    public ReadOnlySpan<byte> this[int index] => buffer.AsSpan(offsets[index], offsets[index + 1] - offsets[index]);
}
