namespace Switchyard.Patterns;

/// <summary>Limits applied when parsing a pattern. The defaults are AWS's.</summary>
public sealed record PatternOptions
{
    public static PatternOptions Default { get; } = new();

    /// <summary>Maximum pattern length in characters (the EventPattern member of the AWS API allows 4096).</summary>
    public int MaxPatternLength { get; init; } = 4096;

    /// <summary>
    /// Maximum number of branches a pattern may expand to once every <c>$or</c> is multiplied out. Each branch is
    /// compiled separately, so this bounds the cost of one pattern; AWS refuses over-complex rules in the same spirit.
    /// </summary>
    public int MaxOrBranches { get; init; } = 1024;

    /// <summary>
    /// How many wildcard patterns one input may keep alive at once on one field before the pattern is refused as too
    /// complex. 10 is the threshold that agrees with every recorded AWS answer (see <c>Parsing/WildcardComplexity</c>).
    /// </summary>
    public int MaxWildcardComplexity { get; init; } = 10;
}
