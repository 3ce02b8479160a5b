using System.Globalization;

namespace Switchyard.Bench.Patterns;

/// <summary>Deterministic rule sets of one kind and any size, for the scaling and memory benchmarks.</summary>
public static class ScalingRules
{
    public static readonly string[] Kinds = ["exact", "prefix", "wildcard", "numeric-range"];

    public static string[] Generate(string kind, int count)
    {
        var random = new Random(7);
        var rules = new string[count];
        for (var i = 0; i < count; i++)
        {
            rules[i] = kind switch
            {
                // Distinct lot ids; about one in ten exists in the generated events.
                "exact" => $$$"""{"properties":{"MAPBLKLOT":["{{{random.Next(1, 76_000) * (i % 10 == 0 ? 1 : 13):D7}}}"]}}""",
                // Street prefixes: every 50th is the start of a real street name (so some rules match), the rest are
                // 3 to 7 random letters; each event then matches a handful of rules, not thousands.
                "prefix" => $$$"""{"properties":{"STREET":[{"prefix":"{{{(i % 50 == 0 ? StreetStart(i) : RandomLetters(random, 3 + i % 5))}}}"}]}}""",
                // A literal 3-digit head, then two more anchors, like event-ruler's "2*0*1*7".
                "wildcard" => $$$"""{"properties":{"MAPBLKLOT":[{"wildcard":"{{{i % 7600:D4}}}*{{{random.Next(10)}}}*{{{random.Next(10)}}}"}]}}""",
                // Overlapping ranges over the x span of the lots: each range covers about three of its neighbours.
                "numeric-range" => NumericRange(i, count),
                _ => throw new ArgumentException(kind),
            };
        }

        return rules;
    }

    private static string NumericRange(int i, int count)
    {
        const double min = -122.515, span = 0.15;
        var width = span * 3 / count;
        var low = min + span * i / count;
        var lo = low.ToString("R", CultureInfo.InvariantCulture);
        var hi = (low + width).ToString("R", CultureInfo.InvariantCulture);
        return "{\"geometry\":{\"firstCoordinates\":{\"x\":[{\"numeric\":[\">=\"," + lo + ",\"<\"," + hi + "]}]}}}";
    }

    private static readonly string[] Streets = ["JEFFERSON", "BEACH", "HYDE", "CHESTNUT", "FULTON", "MASON", "ACACIA", "BLAKE"];

    private static string StreetStart(int i)
    {
        var street = Streets[i / 50 % Streets.Length];
        return street[..Math.Min(street.Length, 2 + i / 400 % 6)];
    }

    private static string RandomLetters(Random random, int length)
    {
        const string letters = "ABCDEFGHIJKLMNOPRSTUVWY";
        var chars = new char[length];
        for (var i = 0; i < length; i++) chars[i] = letters[random.Next(letters.Length)];
        return new string(chars);
    }
}
