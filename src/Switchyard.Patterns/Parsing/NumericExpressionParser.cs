using System.Globalization;
using System.Text.Json;
using Switchyard.Patterns.Model;

namespace Switchyard.Patterns.Parsing;

/// <summary>
/// Parses the array of a <c>numeric</c> match: <c>["=", 5]</c>, one bound, or a lower bound followed by an upper bound.
/// The reasons are AWS's texts.
/// </summary>
internal static class NumericExpressionParser
{
    public static NumericRangeMatcher Parse(JsonElement array, string location)
    {
        var items = array.EnumerateArray().ToArray();
        if (items.Length == 0 || items[0].ValueKind != JsonValueKind.String)
            throw new InvalidEventPatternException(
                "Invalid member in numeric match: " + (items.Length == 0 ? "]" : items[0].GetRawText()), location);

        var op = items[0].GetString()!;
        var source = array.GetRawText();
        switch (op)
        {
            case "=":
            {
                var value = Number(items, 1, "Value of equals must be numeric", location);
                if (items.Length > 2) throw new InvalidEventPatternException("Too many elements in numeric expression", location);
                return new NumericRangeMatcher(new NumericRange(value, true, value, true), source);
            }
            case ">=":
            case ">":
            {
                var bottom = Number(items, 1, $"Value of {op} must be numeric", location);
                var openBottom = op == ">";
                if (items.Length == 2)
                    return new NumericRangeMatcher(new NumericRange(bottom, !openBottom, double.PositiveInfinity, false), source);
                if (items[2].ValueKind != JsonValueKind.String)
                    throw new InvalidEventPatternException("Bad value in numeric range: " + items[2].GetRawText(), location);
                var topOp = items[2].GetString()!;
                if (topOp != "<" && topOp != "<=")
                    throw new InvalidEventPatternException("Bad numeric range operator: " + topOp, location);
                var top = Number(items, 3, $"Value of {topOp} must be numeric", location);
                if (items.Length > 4) throw new InvalidEventPatternException("Too many terms in numeric range expression", location);
                if (bottom >= top) throw new InvalidEventPatternException("Bottom must be less than top", location);
                return new NumericRangeMatcher(new NumericRange(bottom, !openBottom, top, topOp == "<="), source);
            }
            case "<=":
            case "<":
            {
                var top = Number(items, 1, $"Value of {op} must be numeric", location);
                if (items.Length > 2) throw new InvalidEventPatternException("Too many elements in numeric expression", location);
                return new NumericRangeMatcher(new NumericRange(double.NegativeInfinity, false, top, op == "<="), source);
            }
            default:
                throw new InvalidEventPatternException("Unrecognized numeric range operator: " + op, location);
        }
    }

    private static double Number(JsonElement[] items, int index, string reason, string location)
    {
        if (index >= items.Length || items[index].ValueKind != JsonValueKind.Number)
            throw new InvalidEventPatternException(reason, location);
        var raw = items[index].GetRawText();
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            throw new InvalidEventPatternException($"Number {raw} is outside the range of a double", location);
        return value;
    }
}
