using System.Text.Json;
using System.Text.Json.Serialization;

namespace Switchyard.Protocol.Model.Serialization;

/// <summary>Reads long members as AWS does (fractions truncated, out-of-range values saturate); writes plain integers.</summary>
public sealed class CoralInt64Converter : JsonConverter<long>
{
    public override long Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        CoralNumbers.ReadInt64(ref reader);

    public override void Write(Utf8JsonWriter writer, long value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value);
}
