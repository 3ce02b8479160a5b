using System.Text.Json;
using System.Text.Json.Serialization;

namespace Switchyard.Protocol.Model.Serialization;

/// <summary>Reads integer members as AWS does (5.9 is 5, too-large values saturate); writes plain integers.</summary>
public sealed class CoralInt32Converter : JsonConverter<int>
{
    public override int Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        (int)Math.Clamp(CoralNumbers.ReadInt64(ref reader), int.MinValue, int.MaxValue);

    public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value);
}
