using System.Runtime.CompilerServices;
using Switchyard.Patterns.Matching;

namespace Switchyard.Patterns.Compilation;

/// <summary>
/// Wildcards with a literal head and a literal tail (like "2*0*1*7"), filed under both: a value only reaches the
/// wildcards whose head and tail it has, found with one hash probe per distinct (head length, tail length) pair.
/// With many wildcards sharing a head this checks a few candidates instead of all of them.
/// </summary>
internal sealed class WildcardAnchorIndex<T>
{
    /// <summary>Anchor pairs beyond this many, or longer than <see cref="MaxKey"/>, are filed by head only.</summary>
    public const int MaxPairs = 8;

    public const int MaxKey = 64;

    private readonly (int Head, int Tail)[] _pairs;
    private readonly Dictionary<byte[], WildcardEntry<T>[]>.AlternateLookup<ReadOnlySpan<byte>>[] _maps;

    private WildcardAnchorIndex((int, int)[] pairs, Dictionary<byte[], WildcardEntry<T>[]>.AlternateLookup<ReadOnlySpan<byte>>[] maps)
    {
        _pairs = pairs;
        _maps = maps;
    }

    /// <summary>Builds the index, or returns null when the wildcards have too many different anchor lengths.</summary>
    public static WildcardAnchorIndex<T>? Build(IReadOnlyList<WildcardEntry<T>> entries)
    {
        if (entries.Count == 0) return null;
        var groups = entries.GroupBy(e => (e.Pattern.LiteralPrefix.Length, e.Pattern.LiteralSuffix.Length)).ToArray();
        if (groups.Length > MaxPairs) return null;
        var pairs = groups.Select(g => g.Key).ToArray();
        var maps = groups.Select(g => g
            .GroupBy(e => Key(e.Pattern.LiteralPrefix, e.Pattern.LiteralSuffix), Utf8KeyComparer.Instance)
            .ToDictionary(k => k.Key, k => k.ToArray(), Utf8KeyComparer.Instance)
            .GetAlternateLookup<ReadOnlySpan<byte>>()).ToArray();
        return new WildcardAnchorIndex<T>(pairs, maps);
    }

    public static bool Fits(Text.WildcardPattern pattern) =>
        pattern.LiteralPrefix.Length > 0 && pattern.LiteralSuffix.Length > 0 &&
        pattern.LiteralPrefix.Length + pattern.LiteralSuffix.Length <= MaxKey;

    [SkipLocalsInit]
    public void Collect(ReadOnlySpan<byte> value, ref ValueBuffer<T> output)
    {
        Span<byte> key = stackalloc byte[MaxKey];
        for (var i = 0; i < _pairs.Length; i++)
        {
            var (head, tail) = _pairs[i];
            if (head + tail > value.Length) continue;
            value[..head].CopyTo(key);
            value[^tail..].CopyTo(key[head..]);
            if (!_maps[i].TryGetValue(key[..(head + tail)], out var candidates)) continue;
            foreach (var candidate in candidates)
                if (candidate.Pattern.Matches(value)) output.Add(candidate.Target);
        }
    }

    private static byte[] Key(byte[] head, byte[] tail) => [.. head, .. tail];
}
