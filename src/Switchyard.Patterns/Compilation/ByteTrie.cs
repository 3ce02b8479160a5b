namespace Switchyard.Patterns.Compilation;

/// <summary>
/// An immutable byte trie over UTF-8 keys (a deterministic byte automaton). Walking an event value through it finds
/// every stored key that is a prefix of the value in one pass over the value's bytes, however many keys are stored;
/// built from reversed keys and walked backwards it does the same for suffixes. Nodes live in flat arrays so the walk
/// touches few cache lines.
/// </summary>
internal sealed class ByteTrie<T>
{
    private readonly int[] _edgeStart;   // node i's edges are [_edgeStart[i], _edgeStart[i + 1])
    private readonly byte[] _labels;     // edge labels, sorted within a node
    private readonly int[] _targets;     // edge target nodes
    private readonly T[]?[] _values;     // values stored at each node (keys ending there)

    private ByteTrie(int[] edgeStart, byte[] labels, int[] targets, T[]?[] values)
    {
        _edgeStart = edgeStart;
        _labels = labels;
        _targets = targets;
        _values = values;
    }

    /// <summary>
    /// Builds a trie; when <paramref name="reversed"/> the keys are stored back to front (for suffix search). The keys
    /// are sorted once and the nodes laid out breadth-first from ranges of that order, so building costs a sort plus
    /// one pass over the key bytes, with no per-node collections.
    /// </summary>
    public static ByteTrie<T>? Build(IReadOnlyList<(byte[] Key, T Value)> entries, bool reversed)
    {
        if (entries.Count == 0) return null;
        var keys = new byte[entries.Count][];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = entries[i].Key;
            if (reversed) keys[i] = keys[i].Reverse().ToArray();
        }

        var order = Enumerable.Range(0, keys.Length).ToArray();
        Array.Sort(order, (a, b) => keys[a].AsSpan().SequenceCompareTo(keys[b]));

        var edgeStart = new List<int>();
        var labels = new List<byte>();
        var targets = new List<int>();
        var values = new List<T[]?>();
        var pending = new Queue<(int Low, int High, int Depth)>();
        pending.Enqueue((0, order.Length, 0));
        var nextNode = 1;
        while (pending.Count > 0)
        {
            var (low, high, depth) = pending.Dequeue();
            // Keys ending at this depth sort before longer keys with the same prefix.
            var j = low;
            while (j < high && keys[order[j]].Length == depth) j++;
            values.Add(j > low ? order[low..j].Select(k => entries[k].Value).ToArray() : null);
            edgeStart.Add(labels.Count);
            while (j < high)
            {
                var label = keys[order[j]][depth];
                var groupEnd = j + 1;
                while (groupEnd < high && keys[order[groupEnd]][depth] == label) groupEnd++;
                labels.Add(label);
                targets.Add(nextNode++);
                pending.Enqueue((j, groupEnd, depth + 1));
                j = groupEnd;
            }
        }

        edgeStart.Add(labels.Count);
        return new ByteTrie<T>(edgeStart.ToArray(), labels.ToArray(), targets.ToArray(), values.ToArray());
    }

    /// <summary>Enumerates the value arrays of every stored key that is a prefix of <paramref name="input"/>.</summary>
    public PrefixWalk WalkPrefixes(ReadOnlySpan<byte> input) => new(this, input, backwards: false);

    /// <summary>For a trie built from reversed keys: every stored key that is a suffix of <paramref name="input"/>.</summary>
    public PrefixWalk WalkSuffixes(ReadOnlySpan<byte> input) => new(this, input, backwards: true);

    private int Child(int node, byte label)
    {
        var start = _edgeStart[node];
        var count = _edgeStart[node + 1] - start;
        if (count <= 8)
        {
            for (var i = 0; i < count; i++)
                if (_labels[start + i] == label) return _targets[start + i];
            return -1;
        }

        var found = _labels.AsSpan(start, count).BinarySearch(label);
        return found >= 0 ? _targets[start + found] : -1;
    }

    /// <summary>Allocation-free enumerator over the nodes the input passes through that hold values.</summary>
    public ref struct PrefixWalk
    {
        private readonly ByteTrie<T> _trie;
        private readonly ReadOnlySpan<byte> _input;
        private readonly bool _backwards;
        private int _node;
        private int _consumed;

        internal PrefixWalk(ByteTrie<T> trie, ReadOnlySpan<byte> input, bool backwards)
        {
            _trie = trie;
            _input = input;
            _backwards = backwards;
            _node = -2; // before the root
            _consumed = 0;
            Current = [];
        }

        public T[] Current { get; private set; }

        public readonly PrefixWalk GetEnumerator() => this;

        public bool MoveNext()
        {
            while (true)
            {
                if (_node == -2)
                {
                    _node = 0;
                }
                else
                {
                    if (_node < 0 || _consumed >= _input.Length) { _node = -1; return false; }
                    var b = _backwards ? _input[_input.Length - 1 - _consumed] : _input[_consumed];
                    _consumed++;
                    _node = _trie.Child(_node, b);
                    if (_node < 0) return false;
                }

                if (_trie._values[_node] is { } values)
                {
                    Current = values;
                    return true;
                }
            }
        }
    }
}
