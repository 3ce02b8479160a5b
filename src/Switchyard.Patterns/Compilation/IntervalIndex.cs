namespace Switchyard.Patterns.Compilation;

/// <summary>An interval to index. A missing bound (<c>HasLower</c>/<c>HasUpper</c> false) is unbounded.</summary>
internal readonly record struct Interval<TKey, T>(
    bool HasLower, TKey Lower, bool LowerInclusive,
    bool HasUpper, TKey Upper, bool UpperInclusive,
    T Value);

/// <summary>
/// Finds every interval containing a point in O(log n + hits), for numeric ranges and CIDR blocks. The distinct
/// endpoints split the line into elementary slots (each endpoint, and each gap between endpoints); a segment tree over
/// the slots stores each interval at O(log n) canonical nodes. A query locates the point's slot by binary search and
/// walks one root-to-leaf path. Building is O(n log n), so thousands of overlapping ranges compile in milliseconds and
/// the match cost does not grow with how many ranges overlap, only with how many contain the value.
/// </summary>
internal sealed class IntervalIndex<TKey, T> where TKey : struct, IComparable<TKey>
{
    private readonly TKey[] _endpoints;  // sorted, distinct
    private readonly int _leafBase;      // number of leaves in the (power of two) tree
    private readonly int[] _nodeStart;   // node k's values are _nodeValues[_nodeStart[k] .. _nodeStart[k + 1])
    private readonly T[] _nodeValues;

    private IntervalIndex(TKey[] endpoints, int leafBase, int[] nodeStart, T[] nodeValues)
    {
        _endpoints = endpoints;
        _leafBase = leafBase;
        _nodeStart = nodeStart;
        _nodeValues = nodeValues;
    }

    public static IntervalIndex<TKey, T>? Build(IReadOnlyList<Interval<TKey, T>> intervals)
    {
        if (intervals.Count == 0) return null;
        var points = new List<TKey>(intervals.Count * 2);
        foreach (var interval in intervals)
        {
            if (interval.HasLower) points.Add(interval.Lower);
            if (interval.HasUpper) points.Add(interval.Upper);
        }

        points.Sort();
        var endpoints = new List<TKey>(points.Count);
        foreach (var p in points)
            if (endpoints.Count == 0 || endpoints[^1].CompareTo(p) != 0) endpoints.Add(p);
        var endpointArray = endpoints.ToArray();

        // Slots: 2i is the gap below endpoint i, 2i + 1 is endpoint i itself, 2m is the gap above the last one.
        var slotCount = 2 * endpointArray.Length + 1;
        var leafBase = 1;
        while (leafBase < slotCount) leafBase <<= 1;
        var lists = new List<T>?[2 * leafBase];

        foreach (var interval in intervals)
        {
            var first = interval.HasLower
                ? 2 * Find(endpointArray, interval.Lower) + (interval.LowerInclusive ? 1 : 2)
                : 0;
            var last = interval.HasUpper
                ? 2 * Find(endpointArray, interval.Upper) + (interval.UpperInclusive ? 1 : 0)
                : slotCount - 1;
            if (first > last) continue;
            Insert(lists, 1, 0, leafBase - 1, first, last, interval.Value);
        }

        var nodeStart = new int[lists.Length + 1];
        var total = 0;
        for (var k = 0; k < lists.Length; k++)
        {
            nodeStart[k] = total;
            total += lists[k]?.Count ?? 0;
        }

        nodeStart[lists.Length] = total;
        var values = new T[total];
        for (var k = 0; k < lists.Length; k++) lists[k]?.CopyTo(values, nodeStart[k]);
        return new IntervalIndex<TKey, T>(endpointArray, leafBase, nodeStart, values);
    }

    /// <summary>Adds every interval containing <paramref name="point"/> to <paramref name="output"/>.</summary>
    public void Collect(TKey point, ref ValueBuffer<T> output)
    {
        var slot = SlotOf(point);
        var node = 1;
        var low = 0;
        var high = _leafBase - 1;
        while (true)
        {
            for (var i = _nodeStart[node]; i < _nodeStart[node + 1]; i++) output.Add(_nodeValues[i]);
            if (low == high) return;
            var mid = (low + high) >> 1;
            if (slot <= mid) { node = 2 * node; high = mid; }
            else { node = 2 * node + 1; low = mid + 1; }
        }
    }

    private int SlotOf(TKey point)
    {
        int lo = 0, hi = _endpoints.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >> 1;
            var c = _endpoints[mid].CompareTo(point);
            if (c == 0) return 2 * mid + 1;
            if (c < 0) lo = mid + 1;
            else hi = mid - 1;
        }

        return 2 * lo;
    }

    private static int Find(TKey[] endpoints, TKey value)
    {
        int lo = 0, hi = endpoints.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >> 1;
            var c = endpoints[mid].CompareTo(value);
            if (c == 0) return mid;
            if (c < 0) lo = mid + 1;
            else hi = mid - 1;
        }

        throw new InvalidOperationException("endpoint not indexed");
    }

    private static void Insert(List<T>?[] lists, int node, int low, int high, int first, int last, T value)
    {
        if (first <= low && high <= last)
        {
            (lists[node] ??= []).Add(value);
            return;
        }

        var mid = (low + high) >> 1;
        if (first <= mid) Insert(lists, 2 * node, low, mid, first, last, value);
        if (last > mid) Insert(lists, 2 * node + 1, mid + 1, high, first, last, value);
    }
}
