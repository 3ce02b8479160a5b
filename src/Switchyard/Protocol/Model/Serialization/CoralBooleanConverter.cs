using System.Text.Json;
using System.Text.Json.Serialization;

namespace Switchyard.Protocol.Model.Serialization;

/// <summary>
/// Reads boolean members as AWS does: JSON true/false, and also the strings it converts (true/false/yes/no/1/0,
/// any case). Anything else was already refused by RequestValidator with AWS's SerializationException.
/// </summary>
public sealed class CoralBooleanConverter : JsonConverter<bool>
{
    public override bool Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True: return true;
            case JsonTokenType.False: return false;
            case JsonTokenType.String when CoralBooleans.TryParse(reader.GetString(), out var value): return value;
            default: throw new JsonException("Expected a boolean.");
        }
    }

    public override void Write(Utf8JsonWriter writer, bool value, JsonSerializerOptions options) =>
        writer.WriteBooleanValue(value);
}
