using System.Globalization;
using System.Text;
using System.Text.Json;
using Switchyard.Patterns.Model;
using Switchyard.Patterns.Text;

namespace Switchyard.Patterns.Explaining;

/// <summary>Evaluates one pattern value against one event value directly, for the explainer.</summary>
internal static class ValueTest
{
    public static bool Accepts(ValueMatcher matcher, JsonElement value)
    {
        var isString = value.ValueKind == JsonValueKind.String;
        var text = isString ? value.GetString()! : null;
        var isNumber = value.ValueKind == JsonValueKind.Number;
        var number = isNumber && double.TryParse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
            ? d
            : (double?)null;
        return matcher switch
        {
            ExactStringMatcher m => isString && text == m.Value,
            ExactNumberMatcher m => isNumber && ((m.IsFinite && number == m.Value) || value.GetRawText() == m.Literal),
            LiteralMatcher m => value.ValueKind == m.Literal switch
            {
                JsonLiteral.True => JsonValueKind.True,
                JsonLiteral.False => JsonValueKind.False,
                _ => JsonValueKind.Null,
            },
            PrefixMatcher m => isString && Bytes(text!, m.IgnoreCase).AsSpan().StartsWith(m.Key),
            SuffixMatcher m => isString && Bytes(text!, m.IgnoreCase).AsSpan().EndsWith(m.Key),
            EqualsIgnoreCaseMatcher m => isString && Bytes(text!, true).AsSpan().SequenceEqual(m.Key),
            WildcardMatcher m => isString && m.Pattern.Matches(Encoding.UTF8.GetBytes(text!)),
            NumericRangeMatcher m => number is { } n && m.Range.Contains(n),
            ExistsMatcher m => m.ShouldExist,
            CidrMatcher m => isString && IpAddressText.TryParse(Encoding.UTF8.GetBytes(text!), out var v6, out var address) && m.Range.Contains(v6, address),
            AnythingButMatcher m => !Excluded(m, value, text, number),
            _ => false,
        };
    }

    private static bool Excluded(AnythingButMatcher m, JsonElement value, string? text, double? number)
    {
        switch (m.Kind)
        {
            case AnythingButKind.Values:
                return (text is not null && m.Strings.Contains(text)) || (number is { } n && m.Numbers.Contains(n));
            case AnythingButKind.Prefix:
                return text is not null && m.Strings.Any(text.StartsWith);
            case AnythingButKind.Suffix:
                return text is not null && m.Strings.Any(s => text.EndsWith(s, StringComparison.Ordinal));
            case AnythingButKind.EqualsIgnoreCase:
                return text is not null && m.Keys.Any(k => k.AsSpan().SequenceEqual(CaseFolding.Fold(text)));
            case AnythingButKind.Wildcard:
                return text is not null && m.Wildcards.Any(w => w.Matches(Encoding.UTF8.GetBytes(text)));
            default:
                return false;
        }
    }

    private static byte[] Bytes(string text, bool fold) => fold ? CaseFolding.Fold(text) : Encoding.UTF8.GetBytes(text);
}
