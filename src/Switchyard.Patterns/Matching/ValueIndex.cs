using System.Runtime.CompilerServices;
using Switchyard.Patterns.Compilation;

namespace Switchyard.Patterns.Matching;

/// <summary>
/// Everything that tests the values of one field path, merged across all patterns: hash tables for exact and
/// ignore-case values and for numbers, affix indexes (hash per key length, or byte tries) for prefixes and suffixes (case-sensitive and folded), a segment
/// tree for numeric ranges and one per IP family for CIDR blocks, and lists for literals and exists:true. Looking up
/// one value costs one probe per kind of test present, independent of how many patterns share the path.
/// Built by <see cref="ValueIndexBuilder{T}"/>; immutable afterwards, so any number of threads may read it.
/// </summary>
internal sealed class ValueIndex<T>
{
    internal Dictionary<byte[], T[]>? Exact;
    internal Dictionary<byte[], T[]>.AlternateLookup<ReadOnlySpan<byte>> ExactLookup;
    internal Dictionary<byte[], T[]>? FoldedExact;
    internal Dictionary<byte[], T[]>.AlternateLookup<ReadOnlySpan<byte>> FoldedExactLookup;
    internal AffixIndex<T>? Prefixes;
    internal AffixIndex<T>? FoldedPrefixes;
    internal AffixIndex<T>? Suffixes;
    internal AffixIndex<T>? FoldedSuffixes;
    internal WildcardAnchorIndex<T>? WildcardsByBothEnds;
    internal AffixIndex<WildcardEntry<T>>? WildcardsByPrefix;
    internal AffixIndex<WildcardEntry<T>>? WildcardsBySuffix;
    internal WildcardEntry<T>[] UnanchoredWildcards = [];
    internal Dictionary<double, T[]>? Numbers;
    internal Dictionary<byte[], T[]>? NumberLiterals;
    internal Dictionary<byte[], T[]>.AlternateLookup<ReadOnlySpan<byte>> NumberLiteralLookup;
    internal IntervalIndex<double, T>? Ranges;
    internal IntervalIndex<UInt128, T>? V4Blocks;
    internal IntervalIndex<UInt128, T>? V6Blocks;
    internal T[] TrueValues = [];
    internal T[] FalseValues = [];
    internal T[] NullValues = [];
    internal T[] AnyValue = [];
    internal bool HasStringTests;
    internal bool HasFoldedTests;
    internal bool HasNumberTests;

    public bool IsEmpty =>
        !HasStringTests && !HasNumberTests && TrueValues.Length == 0 && FalseValues.Length == 0 && NullValues.Length == 0 && AnyValue.Length == 0;

    /// <summary>Adds every target whose test accepts <paramref name="value"/> to <paramref name="output"/>.</summary>
    public void Collect(ref EventValue value, ref ValueBuffer<T> output)
    {
        switch (value.Kind)
        {
            case EventValueKind.String:
                if (HasStringTests) CollectString(ref value, ref output);
                break;
            case EventValueKind.Number:
                if (HasNumberTests) CollectNumber(ref value, ref output);
                break;
            case EventValueKind.True:
                if (TrueValues.Length > 0) output.AddRange(TrueValues);
                break;
            case EventValueKind.False:
                if (FalseValues.Length > 0) output.AddRange(FalseValues);
                break;
            default:
                if (NullValues.Length > 0) output.AddRange(NullValues);
                break;
        }

        if (AnyValue.Length > 0) output.AddRange(AnyValue);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CollectString(ref EventValue value, ref ValueBuffer<T> output)
    {
        var s = value.Bytes;
        if (Exact is not null && ExactLookup.TryGetValue(s, out var exact)) output.AddRange(exact);
        if (Prefixes is not null)
            foreach (var hits in Prefixes.Matches(s)) output.AddRange(hits);
        if (Suffixes is not null)
            foreach (var hits in Suffixes.Matches(s)) output.AddRange(hits);

        if (HasFoldedTests)
        {
            var folded = value.Folded;
            if (FoldedExact is not null && FoldedExactLookup.TryGetValue(folded, out var hits)) output.AddRange(hits);
            if (FoldedPrefixes is not null)
                foreach (var prefixHits in FoldedPrefixes.Matches(folded)) output.AddRange(prefixHits);
            if (FoldedSuffixes is not null)
                foreach (var suffixHits in FoldedSuffixes.Matches(folded)) output.AddRange(suffixHits);
        }

        WildcardsByBothEnds?.Collect(s, ref output);
        if (WildcardsByPrefix is not null)
            foreach (var candidates in WildcardsByPrefix.Matches(s))
                foreach (var candidate in candidates)
                    if (candidate.Pattern.Matches(s)) output.Add(candidate.Target);
        if (WildcardsBySuffix is not null)
            foreach (var candidates in WildcardsBySuffix.Matches(s))
                foreach (var candidate in candidates)
                    if (candidate.Pattern.Matches(s)) output.Add(candidate.Target);
        foreach (var candidate in UnanchoredWildcards)
            if (candidate.Pattern.Matches(s)) output.Add(candidate.Target);

        if ((V4Blocks is not null || V6Blocks is not null) && Text.IpAddressText.TryParse(s, out var isV6, out var address))
        {
            if (isV6) V6Blocks?.Collect(address, ref output);
            else V4Blocks?.Collect(address, ref output);
        }
    }

    private void CollectNumber(ref EventValue value, ref ValueBuffer<T> output)
    {
        if (value.TryGetNumber(out var number))
        {
            if (Numbers is not null && Numbers.TryGetValue(number, out var hits)) output.AddRange(hits);
            Ranges?.Collect(number, ref output);
        }

        if (NumberLiterals is not null && NumberLiteralLookup.TryGetValue(value.Bytes, out var literalHits)) output.AddRange(literalHits);
    }
}
