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

    /// <summary>Builds a trie; when <paramref name="reversed"/> the keys are stored back to front (for suffix search).</summary>
    public static ByteTrie<T>? Build(IReadOnlyList<(byte[] Key, T Value)> entries, bool reversed)
    {
        if (entries.Count == 0) return null;
        var root = new BuildNode();
        foreach (var (key, value) in entries)
        {
            var node = root;
            for (var i = 0; i < key.Length; i++)
            {
                var b = reversed ? key[key.Length - 1 - i] : key[i];
                node.Children ??= new SortedDictionary<byte, BuildNode>();
                if (!node.Children.TryGetValue(b, out var next)) node.Children[b] = next = new BuildNode();
                node = next;
            }

            (node.Values ??= []).Add(value);
        }

        // Breadth-first numbering keeps each node's edges contiguous.
        var order = new List<BuildNode> { root };
        for (var i = 0; i < order.Count; i++)
            if (order[i].Children is { } children)
                foreach (var child in children.Values) { child.Id = order.Count; order.Add(child); }

        var edgeStart = new int[order.Count + 1];
        var labels = new List<byte>();
        var targets = new List<int>();
        var values = new T[]?[order.Count];
        for (var i = 0; i < order.Count; i++)
        {
            edgeStart[i] = labels.Count;
            if (order[i].Children is { } children)
                foreach (var (label, child) in children) { labels.Add(label); targets.Add(child.Id); }
            values[i] = order[i].Values?.ToArray();
        }

        edgeStart[order.Count] = labels.Count;
        return new ByteTrie<T>(edgeStart, labels.ToArray(), targets.ToArray(), values);
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

    private sealed class BuildNode
    {
        public int Id;
        public SortedDictionary<byte, BuildNode>? Children;
        public List<T>? Values;
    }
}
