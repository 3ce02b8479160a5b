using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Switchyard.Protocol.Model.Serialization;

/// <summary>
/// AWS JSON 1.1 timestamps: epoch seconds as a JSON number, fractional allowed. Written with millisecond precision
/// and no trailing zeros (1700000000, 1700000000.5, 1700000000.123), as AWS sends them.
/// </summary>
public sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException("A timestamp must be a number of seconds since the epoch.");
        }

        // decimal keeps the fractional digits exact; a double would turn .123 into .12299999.
        if (reader.TryGetDecimal(out var seconds)) return EpochSeconds.FromSeconds(seconds);
        if (reader.TryGetDouble(out var approximate)) return EpochSeconds.FromSeconds(approximate);
        // Beyond double's range only the sign matters.
        var first = reader.HasValueSequence ? reader.ValueSequence.FirstSpan[0] : reader.ValueSpan[0];
        return first == (byte)'-' ? DateTimeOffset.MinValue : DateTimeOffset.MaxValue;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        var seconds = value.ToUnixTimeMilliseconds() / 1000m;
        // "G29" drops the trailing zeros a scaled decimal would otherwise print ("1700000000.000").
        writer.WriteRawValue(seconds.ToString("G29", CultureInfo.InvariantCulture), skipInputValidation: true);
    }
}
