using System.Text;

namespace Switchyard.Patterns.Compilation;

/// <summary>
/// A node of the trie of field paths that some pattern names. The event reader descends it key by key and skips any
/// subtree whose key has no node. Keys are split at '.', as AWS joins path segments with '.', so the event key
/// "a.b" and the nested keys a → b reach the same node. Immutable once built.
/// </summary>
internal sealed class PathNode
{
    // Few children (the common case): compared directly, which beats hashing for short keys.
    private const int LinearLimit = 8;
    private byte[][] _keys = [];
    private PathNode[] _nodes = [];
    private Dictionary<byte[], PathNode>? _map;
    private Dictionary<byte[], PathNode>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private Dictionary<string, PathNode>? _building = new(StringComparer.Ordinal);

    /// <summary>The id of the path ending here, or -1 when no pattern tests values at exactly this path.</summary>
    public int PathId { get; private set; } = -1;

    public bool HasChildren => _keys.Length > 0;

    /// <summary>Builds the trie for the given (dotted path, id) pairs.</summary>
    public static PathNode BuildRoot(IEnumerable<(string Path, int Id)> paths)
    {
        var root = new PathNode();
        foreach (var (path, id) in paths)
        {
            var node = root;
            foreach (var segment in path.Split('.'))
            {
                if (!node._building!.TryGetValue(segment, out var child)) node._building[segment] = child = new PathNode();
                node = child;
            }

            node.PathId = id;
        }

        root.Freeze();
        return root;
    }

    private void Freeze()
    {
        var children = _building!;
        _building = null;
        _keys = children.Keys.Select(k => Encoding.UTF8.GetBytes(k)).ToArray();
        _nodes = children.Values.ToArray();
        if (_keys.Length > LinearLimit)
        {
            _map = new Dictionary<byte[], PathNode>(Utf8KeyComparer.Instance);
            for (var i = 0; i < _keys.Length; i++) _map[_keys[i]] = _nodes[i];
            _lookup = _map.GetAlternateLookup<ReadOnlySpan<byte>>();
        }

        foreach (var node in _nodes) node.Freeze();
    }

    /// <summary>The node reached from here by an event key (which may itself contain dots), or null.</summary>
    public PathNode? Find(ReadOnlySpan<byte> key)
    {
        var node = this;
        while (true)
        {
            if (node._keys.Length == 0) return null;
            var dot = key.IndexOf((byte)'.');
            if (dot < 0) return node.Child(key);
            var next = node.Child(key[..dot]);
            if (next is null) return null;
            node = next;
            key = key[(dot + 1)..];
        }
    }

    private PathNode? Child(ReadOnlySpan<byte> segment)
    {
        if (_map is not null) return _lookup.TryGetValue(segment, out var found) ? found : null;
        var keys = _keys;
        for (var i = 0; i < keys.Length; i++)
            if (segment.SequenceEqual(keys[i])) return _nodes[i];
        return null;
    }
}
