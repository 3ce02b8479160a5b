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

    /// <summary><paramref name="text"/> escaped to sit inside an existing JSON string literal.</summary>
    public static string Escape(string text)
    {
        var quoted = Quote(text);
        return quoted[1..^1];
    }
}
