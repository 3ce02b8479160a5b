using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Switchyard.Domain.Routing;

/// <summary>
/// Writes the envelope EventBridge delivers to targets, in AWS's key order:
/// version, id, detail-type, source, account, time, region, resources, detail.
/// </summary>
public static class EventEnvelope
{
    public sealed record Fields(
        string Id,
        string DetailType,
        string Source,
        string Account,
        DateTimeOffset Time,
        string Region,
        IReadOnlyList<string> Resources,
        string DetailJson);

    public static byte[] Write(Fields fields)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + fields.DetailJson.Length);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("version", "0");
            writer.WriteString("id", fields.Id);
            writer.WriteString("detail-type", fields.DetailType);
            writer.WriteString("source", fields.Source);
            writer.WriteString("account", fields.Account);
            writer.WriteString("time", FormatTime(fields.Time));
            writer.WriteString("region", fields.Region);
            writer.WriteStartArray("resources");
            foreach (var resource in fields.Resources) writer.WriteStringValue(resource);
            writer.WriteEndArray();
            writer.WritePropertyName("detail");
            writer.WriteRawValue(fields.DetailJson, skipInputValidation: true);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>AWS writes event times to the second, in UTC: <c>2024-01-01T00:00:00Z</c>.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
