namespace Switchyard.Patterns.Parsing;

/// <summary>
/// The match-expression keywords AWS reserves (some only for future use). A <c>$or</c> whose objects use one of these
/// as a key is not an OR but an ordinary field called "$or", exactly as in AWS's engine.
/// </summary>
internal static class ReservedKeywords
{
    public const string Or = "$or";

    public static readonly HashSet<string> All = new(StringComparer.Ordinal)
    {
        "exactly", "equals-ignore-case", "prefix", "suffix", "anything-but", "exists", "wildcard", "numeric", "cidr",
        "regex", "not-wildcard", "not-equals-ignore-case", "date-after", "date-on-or-after", "date-before",
        "date-on-or-before", "in-date-range", "ip-address-in-range", "ip-address-not-in-range",
    };
}
