using System.Buffers;
using System.Globalization;
using System.Text;
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
        var detail = Encoding.UTF8.GetBytes(fields.DetailJson);
        return Write(fields, detail);
    }

    /// <summary>The envelope with <paramref name="detailUtf8"/> (a JSON object, already checked) as its detail.</summary>
    public static byte[] Write(Fields fields, ReadOnlySpan<byte> detailUtf8)
    {
        // One writer and buffer per thread, reset for each envelope: only the finished envelope is allocated. This
        // runs for every event accepted, and a fresh writer and growing buffer per event was a third of the
        // allocations of a PutEvents call.
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        var writer = t_writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        writer.WriteStartObject();
        writer.WriteString("version"u8, "0"u8);
        writer.WriteString("id"u8, fields.Id);
        writer.WriteString("detail-type"u8, fields.DetailType);
        writer.WriteString("source"u8, fields.Source);
        writer.WriteString("account"u8, fields.Account);
        Span<byte> time = stackalloc byte[TimeLength];
        FormatTime(fields.Time, time);
        writer.WriteString("time"u8, time);
        writer.WriteString("region"u8, fields.Region);
        writer.WriteStartArray("resources"u8);
        foreach (var resource in fields.Resources) writer.WriteStringValue(resource);
        writer.WriteEndArray();
        writer.WritePropertyName("detail"u8);
        writer.WriteRawValue(detailUtf8, skipInputValidation: true);
        writer.WriteEndObject();
        writer.Flush();
        var envelope = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > MaxKeptBuffer)
        {
            // A rare large event: do not keep its buffer alive on this thread.
            t_buffer = null;
            t_writer = null;
        }
        return envelope;
    }

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;
    private const int MaxKeptBuffer = 64 * 1024;
    private const int TimeLength = 20; // 2024-01-01T00:00:00Z

    private static void FormatTime(DateTimeOffset time, Span<byte> destination)
    {
        time.UtcDateTime.TryFormat(destination, out var written, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        if (written != TimeLength) throw new FormatException($"event time {time:O} does not format to {TimeLength} characters");
    }

    /// <summary>AWS writes event times to the second, in UTC: <c>2024-01-01T00:00:00Z</c>.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
