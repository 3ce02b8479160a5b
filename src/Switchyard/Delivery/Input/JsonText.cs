using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Switchyard.Delivery.Input;

/// <summary>JSON string quoting as EventBridge writes it: only what JSON requires is escaped (no \u00e9 for é).</summary>
public static class JsonText
{
    private static readonly JsonWriterOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary><paramref name="text"/> as a JSON string literal, quotes included.</summary>
    public static string Quote(string text)
    {
        var buffer = new ArrayBufferWriter<byte>(text.Length + 16);
        using (var writer = new Utf8JsonWriter(buffer, Relaxed)) writer.WriteStringValue(text);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// A JSON value written without any quoting, as EventBridge writes a list or an object into a string:
    /// <c>["HIGH"]</c> → <c>[HIGH]</c>, <c>{"acc_id":"0a787ecb-4015","sf_id":"baz"}</c> → <c>{acc_id:0a787ecb-4015,sf_id:baz}</c>.
    /// </summary>
    public static string Unquoted(string json)
    {
        using var document = JsonDocument.Parse(json);
        var output = new StringBuilder(json.Length);
        WriteUnquoted(document.RootElement, output);
        return output.ToString();
    }

    private static void WriteUnquoted(JsonElement value, StringBuilder output)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                output.Append(value.GetString());
                break;
            case JsonValueKind.Array:
                output.Append('[');
                var first = true;
                foreach (var item in value.EnumerateArray())
                {
                    if (!first) output.Append(',');
                    first = false;
                    WriteUnquoted(item, output);
                }
                output.Append(']');
                break;
            case JsonValueKind.Object:
                output.Append('{');
                var firstMember = true;
                foreach (var member in value.EnumerateObject())
                {
                    if (!firstMember) output.Append(',');
                    firstMember = false;
                    output.Append(member.Name).Append(':');
                    WriteUnquoted(member.Value, output);
                }
                output.Append('}');
                break;
            default:
                output.Append(value.GetRawText());
                break;
        }
    }

    /// <summary><paramref name="text"/> escaped to sit inside an existing JSON string literal.</summary>
    public static string Escape(string text)
    {
        var quoted = Quote(text);
        return quoted[1..^1];
    }
}
