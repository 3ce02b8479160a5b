using System.Text.Json;

namespace Switchyard.Protocol.Model.Serialization;

/// <summary>Epoch-seconds numbers as instants, saturating at the range DateTimeOffset can hold.</summary>
public static class EpochSeconds
{
    private static readonly decimal MinMilliseconds = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly decimal MaxMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    public static DateTimeOffset ToDateTimeOffset(JsonElement number)
    {
        if (number.TryGetDecimal(out var seconds)) return FromSeconds(seconds);
        if (number.TryGetDouble(out var approximate)) return FromSeconds(approximate);
        return number.GetRawText().StartsWith('-') ? DateTimeOffset.MinValue : DateTimeOffset.MaxValue;
    }

    public static DateTimeOffset FromSeconds(double seconds)
    {
        if (double.IsNaN(seconds)) return DateTimeOffset.UnixEpoch;
        if (seconds <= (double)(MinMilliseconds / 1000m)) return DateTimeOffset.MinValue;
        if (seconds >= (double)(MaxMilliseconds / 1000m)) return DateTimeOffset.MaxValue;
        return FromSeconds((decimal)seconds);
    }

    /// <summary>Rounded to the millisecond, the precision AWS keeps.</summary>
    public static DateTimeOffset FromSeconds(decimal seconds)
    {
        // Compare before multiplying: seconds * 1000 could overflow decimal's range.
        if (seconds <= MinMilliseconds / 1000m) return DateTimeOffset.MinValue;
        if (seconds >= MaxMilliseconds / 1000m) return DateTimeOffset.MaxValue;
        var milliseconds = decimal.Round(seconds * 1000m, MidpointRounding.AwayFromZero);
        return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Clamp(milliseconds, MinMilliseconds, MaxMilliseconds));
    }
}
