using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Switchyard.Protocol.Model;

namespace Switchyard.Scheduler.Protocol;

/// <summary>
/// The REST-JSON half of the protocol: finds the operation a method and path name (the model's <c>requestUri</c>
/// templates), and folds the members bound to the URI and the query string into the JSON body, so the body-driven
/// model validator and the generated DTOs see one document, exactly as for EventBridge's JSON 1.1.
/// </summary>
public static class RestRequestBinder
{
    /// <summary>The operation whose method and URI template match, with the path labels it captured (decoded).</summary>
    public static bool TryMatch(string method, string rawPath, out OperationModel? operation, out Dictionary<string, string> labels)
    {
        labels = new Dictionary<string, string>(StringComparer.Ordinal);
        operation = null;
        var segments = rawPath.Trim('/').Split('/');
        foreach (var candidate in SchedulerModel.Operations)
        {
            if (!string.Equals(candidate.HttpMethod, method, StringComparison.OrdinalIgnoreCase)) continue;
            var template = candidate.RequestUri!.Trim('/').Split('/');
            if (template.Length != segments.Length) continue;
            var captured = new Dictionary<string, string>(StringComparer.Ordinal);
            var matched = true;
            for (var i = 0; i < template.Length && matched; i++)
            {
                if (template[i].StartsWith('{') && template[i].EndsWith('}'))
                {
                    var value = Uri.UnescapeDataString(segments[i]);
                    if (value.Length == 0) matched = false;
                    else captured[template[i][1..^1]] = value;
                }
                else
                {
                    matched = string.Equals(template[i], segments[i], StringComparison.Ordinal);
                }
            }
            if (!matched) continue;
            operation = candidate;
            labels = captured;
            return true;
        }
        return false;
    }

    /// <summary>
    /// The request as one JSON object: the body's members, then each URI label and query parameter under its member's
    /// name, typed as its shape says (a query value that is not a number stays a string, for the validator to refuse).
    /// Null when the body is not a JSON object.
    /// </summary>
    public static byte[]? Merge(OperationModel operation, ReadOnlySpan<byte> body, IReadOnlyDictionary<string, string> labels,
        IReadOnlyDictionary<string, string[]> query)
    {
        JsonDocument? document = null;
        if (!IsBlank(body))
        {
            try
            {
                document = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = Switchyard.Protocol.Model.Validation.RequestValidator.MaxDepth });
            }
            catch (JsonException)
            {
                return null;
            }
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                return null;
            }
        }

        using (document)
        {
            var bound = operation.Input?.Members.Where(m => m.Location is not null).ToList() ?? [];
            var buffer = new ArrayBufferWriter<byte>(body.Length + 128);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                if (document is not null)
                {
                    foreach (var property in document.RootElement.EnumerateObject())
                    {
                        // A body member that shadows a URI or query member is not the caller's to set.
                        if (bound.Any(m => m.Name == property.Name)) continue;
                        property.WriteTo(writer);
                    }
                }
                foreach (var member in bound)
                {
                    var name = member.LocationName ?? member.Name;
                    switch (member.Location)
                    {
                        case "uri" when labels.TryGetValue(name, out var label):
                            writer.WriteString(member.Name, label);
                            break;
                        case "querystring" when query.TryGetValue(name, out var values) && values.Length > 0:
                            WriteQueryValue(writer, member, values);
                            break;
                    }
                }
                writer.WriteEndObject();
            }
            return buffer.WrittenSpan.ToArray();
        }
    }

    private static void WriteQueryValue(Utf8JsonWriter writer, MemberModel member, string[] values)
    {
        var shape = member.Target;
        switch (shape.Type)
        {
            case ShapeType.List:
                writer.WriteStartArray(member.Name);
                foreach (var value in values) writer.WriteStringValue(value);
                writer.WriteEndArray();
                break;
            case ShapeType.Integer or ShapeType.Long
                when long.TryParse(values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number):
                writer.WriteNumber(member.Name, number);
                break;
            default:
                writer.WriteString(member.Name, values[0]);
                break;
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> body)
    {
        foreach (var b in body)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return false;
        }
        return true;
    }
}
