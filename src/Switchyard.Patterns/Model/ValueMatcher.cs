using System.Text;
using Switchyard.Patterns.Text;

namespace Switchyard.Patterns.Model;

/// <summary>
/// One member of a pattern's value array (the members of one array are OR-ed). Each kind says which event values it
/// accepts; the compiler turns them into shared index structures, the explainer describes them.
/// </summary>
internal abstract record ValueMatcher
{
    /// <summary>The member as it would be written in a pattern, for explanations.</summary>
    public abstract string Describe();

    // JsonEncodedText, not JsonSerializer: the server disables reflection-based serialization. Same escaping.
    protected static string Quote(string s) => "\"" + System.Text.Json.JsonEncodedText.Encode(s) + "\"";
}

/// <summary>A JSON string that must equal the event string exactly (byte for byte after unescaping).</summary>
internal sealed record ExactStringMatcher(string Value) : ValueMatcher
{
    public byte[] Utf8 { get; } = Encoding.UTF8.GetBytes(Value);
    public override string Describe() => Quote(Value);
}

/// <summary>
/// A JSON number. It matches an event number that is numerically equal (300 = 3.0e2) and, as AWS does, also an event
/// number with the identical literal text, which is the only way to match numbers beyond the double range.
/// </summary>
internal sealed record ExactNumberMatcher(string Literal, double Value, bool IsFinite) : ValueMatcher
{
    public byte[] LiteralUtf8 { get; } = Encoding.UTF8.GetBytes(Literal);
    public override string Describe() => Literal;
}

internal enum JsonLiteral : byte { True, False, Null }

/// <summary><c>true</c>, <c>false</c> or <c>null</c>: matches only that JSON literal, never a string.</summary>
internal sealed record LiteralMatcher(JsonLiteral Literal) : ValueMatcher
{
    public override string Describe() => Literal switch { JsonLiteral.True => "true", JsonLiteral.False => "false", _ => "null" };
}

/// <summary><c>{"prefix": "..."}</c> or <c>{"prefix": {"equals-ignore-case": "..."}}</c>; strings only.</summary>
internal sealed record PrefixMatcher(string Value, bool IgnoreCase) : ValueMatcher
{
    public byte[] Key { get; } = IgnoreCase ? CaseFolding.Fold(Value) : Encoding.UTF8.GetBytes(Value);
    public override string Describe() => IgnoreCase ? $"{{\"prefix\":{{\"equals-ignore-case\":{Quote(Value)}}}}}" : $"{{\"prefix\":{Quote(Value)}}}";
}

/// <summary><c>{"suffix": "..."}</c> or <c>{"suffix": {"equals-ignore-case": "..."}}</c>; strings only.</summary>
internal sealed record SuffixMatcher(string Value, bool IgnoreCase) : ValueMatcher
{
    public byte[] Key { get; } = IgnoreCase ? CaseFolding.Fold(Value) : Encoding.UTF8.GetBytes(Value);
    public override string Describe() => IgnoreCase ? $"{{\"suffix\":{{\"equals-ignore-case\":{Quote(Value)}}}}}" : $"{{\"suffix\":{Quote(Value)}}}";
}

/// <summary><c>{"equals-ignore-case": "..."}</c>; strings only, compared after per-code-point case folding.</summary>
internal sealed record EqualsIgnoreCaseMatcher(string Value) : ValueMatcher
{
    public byte[] Key { get; } = CaseFolding.Fold(Value);
    public override string Describe() => $"{{\"equals-ignore-case\":{Quote(Value)}}}";
}

/// <summary><c>{"wildcard": "a*b"}</c>; strings only.</summary>
internal sealed record WildcardMatcher(WildcardPattern Pattern) : ValueMatcher
{
    public override string Describe() => $"{{\"wildcard\":{Quote(Pattern.Source)}}}";
}

/// <summary><c>{"numeric": [...]}</c>; JSON numbers only. <c>=</c> is a range whose bounds are equal and inclusive.</summary>
internal sealed record NumericRangeMatcher(NumericRange Range, string Source) : ValueMatcher
{
    public override string Describe() => $"{{\"numeric\":{Source}}}";
}

/// <summary><c>{"exists": true|false}</c>: whether the path has at least one leaf value (null counts; objects and empty arrays do not).</summary>
internal sealed record ExistsMatcher(bool ShouldExist) : ValueMatcher
{
    public override string Describe() => ShouldExist ? "{\"exists\":true}" : "{\"exists\":false}";
}

/// <summary><c>{"cidr": "10.0.0.0/24"}</c>: a string holding an IP address inside the block (host bits of the pattern are ignored).</summary>
internal sealed record CidrMatcher(IpRange Range, string Source) : ValueMatcher
{
    public override string Describe() => $"{{\"cidr\":{Quote(Source)}}}";
}

internal enum AnythingButKind : byte { Values, Prefix, Suffix, EqualsIgnoreCase, Wildcard }

/// <summary>
/// <c>{"anything-but": ...}</c>: matches a present value that the inner test does not accept. The inner test only
/// applies to its own type (strings for prefix/suffix/ignore-case/wildcard and string lists, numbers for number lists),
/// so a value of another type is "anything but" and matches. A missing field never matches.
/// </summary>
internal sealed record AnythingButMatcher(
    AnythingButKind Kind,
    IReadOnlyList<string> Strings,
    IReadOnlyList<double> Numbers,
    IReadOnlyList<WildcardPattern> Wildcards,
    string Source) : ValueMatcher
{
    public IReadOnlyList<byte[]> Keys { get; } = Kind switch
    {
        AnythingButKind.EqualsIgnoreCase => Strings.Select(CaseFolding.Fold).ToArray(),
        _ => Strings.Select(s => Encoding.UTF8.GetBytes(s)).ToArray(),
    };

    public override string Describe() => $"{{\"anything-but\":{Source}}}";
}
