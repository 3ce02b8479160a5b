using System.Text;

namespace Switchyard.Patterns.Compilation;

/// <summary>
/// A node of the trie of field paths that some pattern names. The event reader descends it key by key and skips any
/// subtree whose key has no node. Keys are split at '.', as AWS joins path segments with '.', so the event key
/// "a.b" and the nested keys a → b reach the same node.
/// </summary>
internal sealed class PathNode
{
    private Dictionary<byte[], PathNode>? _children;
    private Dictionary<byte[], PathNode>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    /// <summary>The id of the path ending here, or -1 when no pattern tests values at exactly this path.</summary>
    public int PathId { get; private set; } = -1;

    public bool HasChildren => _children is not null;

    /// <summary>Builds the trie for the given (dotted path, id) pairs.</summary>
    public static PathNode BuildRoot(IEnumerable<(string Path, int Id)> paths)
    {
        var root = new PathNode();
        foreach (var (path, id) in paths)
        {
            var node = root;
            foreach (var segment in path.Split('.')) node = node.GetOrAddChild(Encoding.UTF8.GetBytes(segment));
            node.PathId = id;
        }

        return root;
    }

    /// <summary>The node reached from here by an event key (which may itself contain dots), or null.</summary>
    public PathNode? Find(ReadOnlySpan<byte> key)
    {
        var node = this;
        while (true)
        {
            if (node._children is null) return null;
            var dot = key.IndexOf((byte)'.');
            if (dot < 0) return node._lookup.TryGetValue(key, out var last) ? last : null;
            if (!node._lookup.TryGetValue(key[..dot], out var next)) return null;
            node = next;
            key = key[(dot + 1)..];
        }
    }

    private PathNode GetOrAddChild(byte[] segment)
    {
        if (_children is null)
        {
            _children = new Dictionary<byte[], PathNode>(Utf8KeyComparer.Instance);
            _lookup = _children.GetAlternateLookup<ReadOnlySpan<byte>>();
        }

        if (!_children.TryGetValue(segment, out var child)) _children[segment] = child = new PathNode();
        return child;
    }
}
