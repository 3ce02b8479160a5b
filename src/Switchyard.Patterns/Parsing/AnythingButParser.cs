using System.Globalization;
using System.Text.Json;
using Switchyard.Patterns.Model;
using Switchyard.Patterns.Text;

namespace Switchyard.Patterns.Parsing;

/// <summary>Parses the value of <c>anything-but</c> in all its forms. The reasons are AWS's texts.</summary>
internal static class AnythingButParser
{
    private const string NotArrayOrScalar = "Value of anything-but must be an array or single string/number value.";

    public static AnythingButMatcher Parse(JsonElement value, string location)
    {
        var source = value.GetRawText();
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return new AnythingButMatcher(AnythingButKind.Values, [value.GetString()!], [], [], source);
            case JsonValueKind.Number:
                return new AnythingButMatcher(AnythingButKind.Values, [], [ParseNumber(value, location)], [], source);
            case JsonValueKind.Array:
                return ParseValueList(value, source, location);
            case JsonValueKind.Object:
                return ParseOperator(value, source, location);
            default:
                throw new InvalidEventPatternException(NotArrayOrScalar, location);
        }
    }

    private static AnythingButMatcher ParseValueList(JsonElement array, string source, string location)
    {
        var strings = new List<string>();
        var numbers = new List<double>();
        foreach (var item in array.EnumerateArray())
        {
            switch (item.ValueKind)
            {
                case JsonValueKind.String: strings.Add(item.GetString()!); break;
                case JsonValueKind.Number: numbers.Add(ParseNumber(item, location)); break;
                default: throw new InvalidEventPatternException("Inside anything but list, start|null|boolean is not supported.", location);
            }
        }

        if ((strings.Count > 0) == (numbers.Count > 0))
            throw new InvalidEventPatternException(
                "Inside anything but list, either all values are number or string, mixed type is not supported", location);
        return new AnythingButMatcher(AnythingButKind.Values, strings, numbers, [], source);
    }

    private static AnythingButMatcher ParseOperator(JsonElement obj, string source, string location)
    {
        var properties = obj.EnumerateObject().ToArray();
        if (properties.Length == 0) throw new InvalidEventPatternException("Anything-But expression name not found", location);
        if (properties.Length > 1) throw new InvalidEventPatternException("Only one key allowed in match expression", location);
        var (name, inner) = (properties[0].Name, properties[0].Value);
        switch (name)
        {
            case "prefix":
            case "suffix":
            {
                var strings = Strings(inner, "prefix/suffix match pattern must be a string", location, NotArrayOrScalar);
                if (strings.Any(s => s.Length == 0)) throw new InvalidEventPatternException("Null prefix/suffix not allowed", location);
                return new AnythingButMatcher(name == "prefix" ? AnythingButKind.Prefix : AnythingButKind.Suffix, strings, [], [], source);
            }
            case "equals-ignore-case":
            {
                const string reason = "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.";
                var strings = Strings(inner, reason, location, reason);
                return new AnythingButMatcher(AnythingButKind.EqualsIgnoreCase, strings, [], [], source);
            }
            case "wildcard":
            {
                const string reason = "wildcard match pattern must be a string";
                var strings = Strings(inner, reason, location, reason);
                var wildcards = strings.Select(s => WildcardPattern.Parse(s, location)).ToArray();
                return new AnythingButMatcher(AnythingButKind.Wildcard, strings, [], wildcards, source);
            }
            default:
                throw new InvalidEventPatternException("Unsupported anything-but pattern: " + name, location);
        }
    }

    /// <summary>A single string or a non-empty array of strings.</summary>
    private static List<string> Strings(JsonElement value, string notStringReason, string location, string objectReason)
    {
        if (value.ValueKind == JsonValueKind.String) return [value.GetString()!];
        if (value.ValueKind == JsonValueKind.Object) throw new InvalidEventPatternException(objectReason, location);
        if (value.ValueKind != JsonValueKind.Array) throw new InvalidEventPatternException(notStringReason, location);
        var list = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String) throw new InvalidEventPatternException(notStringReason, location);
            list.Add(item.GetString()!);
        }

        if (list.Count == 0) throw new InvalidEventPatternException("Empty arrays are not allowed", location);
        return list;
    }

    private static double ParseNumber(JsonElement number, string location)
    {
        var raw = number.GetRawText();
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            throw new InvalidEventPatternException($"Number {raw} is outside the range of a double", location);
        return value == 0 ? 0 : value; // -0 and 0 are the same number
    }
}
