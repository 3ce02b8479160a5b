using System.Text.Json;

namespace Switchyard.Protocol.Model.Serialization;

/// <summary>
/// How AWS's JSON front end (Coral) turns a JSON number into an integer member: fractions are truncated toward
/// negative infinity and out-of-range values saturate, rather than failing (observed behavior reproduced by
/// dynalite: a huge Limit is reported as "Value '2147483647' at 'limit'").
/// </summary>
public static class CoralNumbers
{
    public static long ToInt64(JsonElement number)
    {
        if (number.TryGetInt64(out var exact)) return exact;
        if (number.TryGetDecimal(out var d)) return Saturate(d);
        if (number.TryGetDouble(out var f)) return Saturate(f);
        return SaturateBySign(number.GetRawText());
    }

    public static int ToInt32(JsonElement number) => (int)Math.Clamp(ToInt64(number), int.MinValue, int.MaxValue);

    internal static long ReadInt64(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException("Expected a JSON number.");
        }
        if (reader.TryGetInt64(out var exact)) return exact;
        if (reader.TryGetDecimal(out var d)) return Saturate(d);
        if (reader.TryGetDouble(out var f)) return Saturate(f);
        // Only the sign matters for a number beyond double's range; the token's first byte carries it.
        var first = reader.HasValueSequence ? reader.ValueSequence.FirstSpan[0] : reader.ValueSpan[0];
        return first == (byte)'-' ? long.MinValue : long.MaxValue;
    }

    private static long Saturate(decimal d)
    {
        var floor = decimal.Floor(d);
        if (floor >= long.MaxValue) return long.MaxValue;
        if (floor <= long.MinValue) return long.MinValue;
        return (long)floor;
    }

    private static long Saturate(double d)
    {
        var floor = Math.Floor(d);
        if (double.IsNaN(floor)) return 0;
        if (floor >= long.MaxValue) return long.MaxValue;
        if (floor <= long.MinValue) return long.MinValue;
        return (long)floor;
    }

    // Only numbers beyond double's range get here (e.g. 1e400).
    private static long SaturateBySign(string raw) => raw.StartsWith('-') ? long.MinValue : long.MaxValue;
}
