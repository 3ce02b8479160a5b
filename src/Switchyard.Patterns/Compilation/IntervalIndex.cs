namespace Switchyard.Patterns.Compilation;

/// <summary>An interval to index. A missing bound (<c>HasLower</c>/<c>HasUpper</c> false) is unbounded.</summary>
internal readonly record struct Interval<TKey, T>(
    bool HasLower, TKey Lower, bool LowerInclusive,
    bool HasUpper, TKey Upper, bool UpperInclusive,
    T Value);

/// <summary>
/// Finds every interval containing a point, for numeric ranges and CIDR blocks. The distinct endpoints split the line
/// into elementary slots (each endpoint, and each gap between endpoints); a query finds the point's slot by binary
/// search. Two layouts share that front end:
/// <list type="bullet">
/// <item>covering lists: every slot stores the intervals covering it, contiguously, so a query is one binary search
/// and one sequential read. Used when the lists stay small (ranges that overlap a few neighbours, the usual case),
/// because it touches the fewest cache lines.</item>
/// <item>a segment tree over the slots, which stores each interval at O(log n) canonical nodes and answers by walking
/// one root-to-leaf path. Used when many intervals overlap the same region, where covering lists would grow
/// quadratically.</item>
/// </list>
/// Either way building is O(n log n) plus the output, so thousands of overlapping ranges compile in milliseconds, and
/// the match cost grows with how many ranges contain the value, not with how many exist.
/// </summary>
internal sealed class IntervalIndex<TKey, T> where TKey : struct, IComparable<TKey>
{
    private const int BlockSize = 64;
    private readonly TKey[] _endpoints;  // sorted, distinct
    private readonly TKey[] _summary;    // every 64th endpoint: a small top level that stays in cache
    private readonly int _leafBase;      // tree layout: number of leaves (a power of two); 0 for covering lists
    private readonly int[] _start;       // list k is _values[_start[k] .. _start[k + 1]); k = tree node or slot
    private readonly T[] _values;

    private IntervalIndex(TKey[] endpoints, int leafBase, int[] start, T[] values)
    {
        _endpoints = endpoints;
        _summary = new TKey[(endpoints.Length + BlockSize - 1) / BlockSize];
        for (var i = 0; i < _summary.Length; i++) _summary[i] = endpoints[i * BlockSize];
        _leafBase = leafBase;
        _start = start;
        _values = values;
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
        var spans = new (int First, int Last, T Value)[intervals.Count];
        long covering = 0;
        for (var k = 0; k < intervals.Count; k++)
        {
            var interval = intervals[k];
            var first = interval.HasLower
                ? 2 * Find(endpointArray, interval.Lower) + (interval.LowerInclusive ? 1 : 2)
                : 0;
            var last = interval.HasUpper
                ? 2 * Find(endpointArray, interval.Upper) + (interval.UpperInclusive ? 1 : 0)
                : slotCount - 1;
            spans[k] = (first, last, interval.Value);
            if (first <= last) covering += last - first + 1;
        }

        if (covering <= 16L * intervals.Count + 4096) return BuildCoveringLists(endpointArray, slotCount, spans, (int)covering);

        var leafBase = 1;
        while (leafBase < slotCount) leafBase <<= 1;
        var lists = new List<T>?[2 * leafBase];
        foreach (var (first, last, value) in spans)
            if (first <= last) Insert(lists, 1, 0, leafBase - 1, first, last, value);

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

    private static IntervalIndex<TKey, T> BuildCoveringLists(TKey[] endpoints, int slotCount, (int First, int Last, T Value)[] spans, int total)
    {
        var start = new int[slotCount + 1];
        foreach (var (first, last, _) in spans)
            for (var slot = first; slot <= last; slot++) start[slot + 1]++;
        for (var slot = 0; slot < slotCount; slot++) start[slot + 1] += start[slot];
        var cursor = start[..slotCount];
        var values = new T[total];
        foreach (var (first, last, value) in spans)
            for (var slot = first; slot <= last; slot++) values[cursor[slot]++] = value;
        return new IntervalIndex<TKey, T>(endpoints, 0, start, values);
    }

    /// <summary>Adds every interval containing <paramref name="point"/> to <paramref name="output"/>.</summary>
    public void Collect(TKey point, ref ValueBuffer<T> output)
    {
        var slot = SlotOf(point);
        if (_leafBase == 0)
        {
            for (var i = _start[slot]; i < _start[slot + 1]; i++) output.Add(_values[i]);
            return;
        }

        var node = 1;
        var low = 0;
        var high = _leafBase - 1;
        while (true)
        {
            for (var i = _start[node]; i < _start[node + 1]; i++) output.Add(_values[i]);
            if (low == high) return;
            var mid = (low + high) >> 1;
            if (slot <= mid) { node = 2 * node; high = mid; }
            else { node = 2 * node + 1; low = mid + 1; }
        }
    }

    /// <summary>
    /// The point's slot. A binary search over the summary picks a block of 64 endpoints, then one over the block;
    /// with tens of thousands of endpoints this touches a few cache lines instead of one per probe.
    /// </summary>
    private int SlotOf(TKey point)
    {
        int lo = 0, hi = _summary.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >> 1;
            if (_summary[mid].CompareTo(point) <= 0) lo = mid + 1;
            else hi = mid - 1;
        }

        // Block lo - 1 is the last whose first endpoint is <= point (none if lo == 0: the point is below them all).
        if (lo == 0) return 0;
        var blockStart = (lo - 1) * BlockSize;
        lo = blockStart;
        hi = Math.Min(blockStart + BlockSize, _endpoints.Length) - 1;
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
