using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Switchyard.Protocol.Model.Serialization;

/// <summary>
/// Request/response (de)serialization by operation, over the source-generated EventsJsonContext (no reflection).
/// </summary>
public static class EventsJson
{
    /// <summary>The context every DTO goes through: names are explicit, null members are omitted on write.</summary>
    public static EventsJsonContext Context => EventsJsonContext.Default;

    /// <summary>
    /// Reads the operation's input DTO from a request body that RequestValidator has already accepted.
    /// A JSON null body reads as an empty input.
    /// </summary>
    public static object ReadInput(OperationModel op, JsonElement body)
    {
        var type = op.InputType ?? throw new InvalidOperationException($"{op.Name} has no input shape.");
        var info = Context.GetTypeInfo(type) ?? throw new InvalidOperationException($"No JSON metadata for {type}.");
        if (body.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return info.CreateObject?.Invoke() ?? throw new InvalidOperationException($"{type} has no constructor.");
        }
        return body.Deserialize(info)!;
    }

    /// <summary>Typed form of <see cref="ReadInput"/>, e.g. <c>ReadInput(body, Context.PutPermissionRequest)</c>.</summary>
    public static T ReadInput<T>(JsonElement body, JsonTypeInfo<T> info) where T : new() =>
        body.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? new T() : body.Deserialize(info) ?? new T();

    /// <summary>
    /// The response body for an operation: the output DTO as UTF-8 JSON, or <c>{}</c> when the operation has no
    /// output shape or the handler returned null (AWS answers such calls with an empty object).
    /// </summary>
    public static byte[] WriteOutput(OperationModel op, object? output)
    {
        if (output is null) return "{}"u8.ToArray();
        var type = output.GetType();
        if (op.OutputType != type)
        {
            throw new InvalidOperationException(
                $"{op.Name} returns {op.OutputType?.Name ?? "no output"}, not {type.Name}.");
        }
        var info = Context.GetTypeInfo(type) ?? throw new InvalidOperationException($"No JSON metadata for {type}.");
        return JsonSerializer.SerializeToUtf8Bytes(output, info);
    }

    // Messages quote values ('abc', "x"); AWS sends them as they are, not \u-escaped.
    private static readonly JsonWriterOptions ErrorWriterOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The AWS JSON error body, <c>{"__type":"Code","message":"..."}</c>; message omitted when null.</summary>
    public static byte[] WriteError(string errorCode, string? message)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, ErrorWriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("__type", errorCode);
            if (message is not null) writer.WriteString("message", message);
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
