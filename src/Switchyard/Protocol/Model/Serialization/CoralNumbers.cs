using System.Text.Json;

namespace Switchyard.Protocol.Model.Serialization;

/// <summary>
/// How AWS's JSON front end (Coral) turns a JSON number into an integer member: fractions are truncated toward
/// negative infinity and out-of-range values saturate, rather than failing (observed behavior reproduced by dynalite).
/// </summary>
public static class CoralNumbers
{
    public static long ToInt64(JsonElement number) => ToInt64(number.TryGetDecimal(out var d) ? d : (decimal?)null, number.GetDouble());

    public static int ToInt32(JsonElement number) => (int)Math.Clamp(ToInt64(number), int.MinValue, int.MaxValue);

    internal static long ToInt64(decimal? exact, double approximate)
    {
        if (exact is { } d)
        {
            var floor = decimal.Floor(d);
            if (floor >= long.MaxValue) return long.MaxValue;
            if (floor <= long.MinValue) return long.MinValue;
            return (long)floor;
        }

        var f = Math.Floor(approximate);
        if (double.IsNaN(f)) return 0;
        if (f >= long.MaxValue) return long.MaxValue;
        if (f <= long.MinValue) return long.MinValue;
        return (long)f;
    }

    internal static long ReadInt64(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException("Expected a JSON number.");
        }
        if (reader.TryGetInt64(out var exact)) return exact;
        return ToInt64(reader.TryGetDecimal(out var d) ? d : null, reader.GetDouble());
    }
}
