using Switchyard.Patterns.Matching;
using Switchyard.Patterns.Model;
using Switchyard.Patterns.Text;

namespace Switchyard.Patterns.Compilation;

/// <summary>Collects the tests of one field path and builds the immutable <see cref="ValueIndex{T}"/>.</summary>
internal sealed class ValueIndexBuilder<T>
{
    private readonly Dictionary<byte[], List<T>> _exact = new(Utf8KeyComparer.Instance);
    private readonly Dictionary<byte[], List<T>> _foldedExact = new(Utf8KeyComparer.Instance);
    private readonly List<(byte[], T)> _prefixes = [];
    private readonly List<(byte[], T)> _foldedPrefixes = [];
    private readonly List<(byte[], T)> _suffixes = [];
    private readonly List<(byte[], T)> _foldedSuffixes = [];
    private readonly List<(byte[], WildcardEntry<T>)> _wildcardsByPrefix = [];
    private readonly List<(byte[], WildcardEntry<T>)> _wildcardsBySuffix = [];
    private readonly List<WildcardEntry<T>> _unanchored = [];
    private readonly List<WildcardEntry<T>> _anchoredBothEnds = [];
    private readonly Dictionary<double, List<T>> _numbers = [];
    private readonly Dictionary<byte[], List<T>> _numberLiterals = new(Utf8KeyComparer.Instance);
    private readonly List<Interval<double, T>> _ranges = [];
    private readonly List<Interval<UInt128, T>> _v4 = [];
    private readonly List<Interval<UInt128, T>> _v6 = [];
    private readonly List<T> _true = [], _false = [], _null = [], _any = [];

    public void AddExact(byte[] value, T target) => Append(_exact, value, target);

    public void AddFoldedExact(byte[] folded, T target) => Append(_foldedExact, folded, target);

    public void AddPrefix(byte[] key, bool folded, T target) => (folded ? _foldedPrefixes : _prefixes).Add((key, target));

    public void AddSuffix(byte[] key, bool folded, T target) => (folded ? _foldedSuffixes : _suffixes).Add((key, target));

    /// <summary>
    /// Wildcards without a star are exact values, "abc*" is a prefix and "*abc" a suffix; the rest are filed under
    /// their literal prefix (or else suffix) so only wildcards whose fixed end fits the value get checked in full.
    /// </summary>
    public void AddWildcard(WildcardPattern pattern, T target)
    {
        var pieces = pattern.Pieces;
        if (pieces.Length == 1) { AddExact(pieces[0], target); return; }
        if (pieces.Length == 2 && pieces[1].Length == 0) { AddPrefix(pieces[0], false, target); return; }
        if (pieces.Length == 2 && pieces[0].Length == 0) { AddSuffix(pieces[1], false, target); return; }
        var entry = new WildcardEntry<T>(pattern, target);
        if (WildcardAnchorIndex<T>.Fits(pattern)) _anchoredBothEnds.Add(entry);
        else if (pattern.LiteralPrefix.Length > 0) _wildcardsByPrefix.Add((pattern.LiteralPrefix, entry));
        else if (pattern.LiteralSuffix.Length > 0) _wildcardsBySuffix.Add((pattern.LiteralSuffix, entry));
        else _unanchored.Add(entry);
    }

    public void AddNumber(double value, T target) => Append(_numbers, value == 0 ? 0 : value, target);

    public void AddNumberLiteral(byte[] literal, T target) => Append(_numberLiterals, literal, target);

    public void AddRange(NumericRange range, T target) => _ranges.Add(new Interval<double, T>(
        !double.IsNegativeInfinity(range.Lower), range.Lower, range.LowerInclusive,
        !double.IsPositiveInfinity(range.Upper), range.Upper, range.UpperInclusive, target));

    public void AddCidr(IpRange range, T target) =>
        (range.IsV6 ? _v6 : _v4).Add(new Interval<UInt128, T>(true, range.First, true, true, range.Last, true, target));

    public void AddLiteral(JsonLiteral literal, T target) =>
        (literal switch { JsonLiteral.True => _true, JsonLiteral.False => _false, _ => _null }).Add(target);

    public void AddAnyValue(T target) => _any.Add(target);

    public ValueIndex<T> Build()
    {
        var index = new ValueIndex<T>();
        if (_exact.Count > 0)
        {
            index.Exact = Freeze(_exact, Utf8KeyComparer.Instance);
            index.ExactLookup = index.Exact.GetAlternateLookup<ReadOnlySpan<byte>>();
        }

        if (_foldedExact.Count > 0)
        {
            index.FoldedExact = Freeze(_foldedExact, Utf8KeyComparer.Instance);
            index.FoldedExactLookup = index.FoldedExact.GetAlternateLookup<ReadOnlySpan<byte>>();
        }

        index.Prefixes = AffixIndex<T>.Build(_prefixes, suffix: false);
        index.FoldedPrefixes = AffixIndex<T>.Build(_foldedPrefixes, suffix: false);
        index.Suffixes = AffixIndex<T>.Build(_suffixes, suffix: true);
        index.FoldedSuffixes = AffixIndex<T>.Build(_foldedSuffixes, suffix: true);
        index.WildcardsByBothEnds = WildcardAnchorIndex<T>.Build(_anchoredBothEnds);
        if (index.WildcardsByBothEnds is null)
            foreach (var entry in _anchoredBothEnds) _wildcardsByPrefix.Add((entry.Pattern.LiteralPrefix, entry));
        index.WildcardsByPrefix = AffixIndex<WildcardEntry<T>>.Build(_wildcardsByPrefix, suffix: false);
        index.WildcardsBySuffix = AffixIndex<WildcardEntry<T>>.Build(_wildcardsBySuffix, suffix: true);
        index.UnanchoredWildcards = _unanchored.ToArray();
        if (_numbers.Count > 0) index.Numbers = Freeze(_numbers, EqualityComparer<double>.Default);
        if (_numberLiterals.Count > 0)
        {
            index.NumberLiterals = Freeze(_numberLiterals, Utf8KeyComparer.Instance);
            index.NumberLiteralLookup = index.NumberLiterals.GetAlternateLookup<ReadOnlySpan<byte>>();
        }

        index.Ranges = IntervalIndex<double, T>.Build(_ranges);
        index.V4Blocks = IntervalIndex<UInt128, T>.Build(_v4);
        index.V6Blocks = IntervalIndex<UInt128, T>.Build(_v6);
        index.TrueValues = _true.ToArray();
        index.FalseValues = _false.ToArray();
        index.NullValues = _null.ToArray();
        index.AnyValue = _any.ToArray();
        index.HasFoldedTests = index.FoldedExact is not null || index.FoldedPrefixes is not null || index.FoldedSuffixes is not null;
        index.HasStringTests = index.Exact is not null || index.Prefixes is not null || index.Suffixes is not null ||
                               index.HasFoldedTests || index.WildcardsByPrefix is not null || index.WildcardsByBothEnds is not null || index.WildcardsBySuffix is not null ||
                               index.UnanchoredWildcards.Length > 0 || index.V4Blocks is not null || index.V6Blocks is not null;
        index.HasNumberTests = index.Numbers is not null || index.NumberLiterals is not null || index.Ranges is not null;
        return index;
    }

    private static void Append<TKey>(Dictionary<TKey, List<T>> map, TKey key, T target) where TKey : notnull
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        list.Add(target);
    }

    private static Dictionary<TKey, T[]> Freeze<TKey>(Dictionary<TKey, List<T>> map, IEqualityComparer<TKey> comparer) where TKey : notnull
    {
        var frozen = new Dictionary<TKey, T[]>(map.Count, comparer);
        foreach (var (key, list) in map) frozen[key] = list.ToArray();
        return frozen;
    }
}
