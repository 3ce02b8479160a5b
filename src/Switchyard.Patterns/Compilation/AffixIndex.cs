namespace Switchyard.Patterns.Compilation;

/// <summary>
/// Finds the stored keys that are prefixes (or, for a suffix index, suffixes) of a value. When the keys have few
/// distinct lengths (typical: rule sets of similar prefixes), it keeps one hash table per length and probes each
/// length once, which touches a handful of cache lines however many keys there are; otherwise it walks a byte trie,
/// whose cost is bounded by the value's length.
/// </summary>
internal sealed class AffixIndex<T>
{
    private const int MaxHashedLengths = 4;

    private readonly bool _suffix;
    private readonly ByteTrie<T>? _trie;
    private readonly int[] _lengths = [];
    private readonly Dictionary<byte[], T[]>.AlternateLookup<ReadOnlySpan<byte>>[] _byLength = [];

    private AffixIndex(bool suffix, ByteTrie<T> trie)
    {
        _suffix = suffix;
        _trie = trie;
    }

    private AffixIndex(bool suffix, int[] lengths, Dictionary<byte[], T[]>.AlternateLookup<ReadOnlySpan<byte>>[] byLength)
    {
        _suffix = suffix;
        _lengths = lengths;
        _byLength = byLength;
    }

    public static AffixIndex<T>? Build(IReadOnlyList<(byte[] Key, T Value)> entries, bool suffix)
    {
        if (entries.Count == 0) return null;
        var lengths = entries.Select(e => e.Key.Length).Distinct().Order().ToArray();
        if (lengths.Length > MaxHashedLengths) return new AffixIndex<T>(suffix, ByteTrie<T>.Build(entries, reversed: suffix)!);

        var lookups = new Dictionary<byte[], T[]>.AlternateLookup<ReadOnlySpan<byte>>[lengths.Length];
        for (var i = 0; i < lengths.Length; i++)
        {
            var map = entries.Where(e => e.Key.Length == lengths[i])
                .GroupBy(e => e.Key, Utf8KeyComparer.Instance)
                .ToDictionary(g => g.Key, g => g.Select(e => e.Value).ToArray(), Utf8KeyComparer.Instance);
            lookups[i] = map.GetAlternateLookup<ReadOnlySpan<byte>>();
        }

        return new AffixIndex<T>(suffix, lengths, lookups);
    }

    /// <summary>Enumerates the value arrays of every stored key that is a prefix (suffix) of <paramref name="value"/>.</summary>
    public Walk Matches(ReadOnlySpan<byte> value) => new(this, value);

    /// <summary>Allocation-free enumerator over the matching keys' value arrays.</summary>
    public ref struct Walk
    {
        private readonly AffixIndex<T> _index;
        private readonly ReadOnlySpan<byte> _value;
        private ByteTrie<T>.PrefixWalk _trieWalk;
        private int _next;

        internal Walk(AffixIndex<T> index, ReadOnlySpan<byte> value)
        {
            _index = index;
            _value = value;
            _next = 0;
            _trieWalk = index._trie is null ? default : index._suffix ? index._trie.WalkSuffixes(value) : index._trie.WalkPrefixes(value);
            Current = [];
        }

        public T[] Current { get; private set; }

        public readonly Walk GetEnumerator() => this;

        public bool MoveNext()
        {
            if (_index._trie is not null)
            {
                if (!_trieWalk.MoveNext()) return false;
                Current = _trieWalk.Current;
                return true;
            }

            var lengths = _index._lengths;
            while (_next < lengths.Length)
            {
                var length = lengths[_next];
                if (length > _value.Length) return false;
                var key = _index._suffix ? _value[^length..] : _value[..length];
                if (_index._byLength[_next++].TryGetValue(key, out var hits))
                {
                    Current = hits;
                    return true;
                }
            }

            return false;
        }
    }
}
