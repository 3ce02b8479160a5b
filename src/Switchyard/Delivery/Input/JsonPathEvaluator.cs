using System.Buffers;
using System.Text.Json;

namespace Switchyard.Delivery.Input;

/// <summary>
/// The JSONPath subset EventBridge evaluates in InputPath and InputPathsMap: <c>$</c>, dot members
/// (<c>$.detail.a-b</c>), array indices (<c>$.a[0]</c>), quoted members (<c>$['a b']</c>) and wildcards
/// (<c>$.detail.*</c>, <c>$.a[*]</c>). A path with a wildcard yields a JSON array of what it matched.
/// </summary>
public static class JsonPathEvaluator
{
    /// <summary>The value at <paramref name="path"/>; false when the path does not exist in the document.</summary>
    public static bool TryEvaluate(JsonElement root, string path, out ShapedValue value)
    {
        value = default;
        if (!TryParse(path, out var steps)) return false;
        var current = new List<JsonElement> { root };
        var wildcard = false;
        foreach (var step in steps)
        {
            var next = new List<JsonElement>();
            foreach (var element in current)
            {
                switch (step)
                {
                    case { IsWildcard: true }:
                        wildcard = true;
                        if (element.ValueKind == JsonValueKind.Object) foreach (var p in element.EnumerateObject()) next.Add(p.Value);
                        else if (element.ValueKind == JsonValueKind.Array) foreach (var item in element.EnumerateArray()) next.Add(item);
                        break;
                    case { Index: { } index }:
                        if (element.ValueKind == JsonValueKind.Array && index < element.GetArrayLength()) next.Add(element[index]);
                        break;
                    default:
                        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(step.Member!, out var member)) next.Add(member);
                        break;
                }
            }
            current = next;
            if (current.Count == 0) return false;
        }
        if (!wildcard)
        {
            value = ShapedValue.From(current[0]);
            return true;
        }
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var element in current) element.WriteTo(writer);
            writer.WriteEndArray();
        }
        value = new ShapedValue(null, System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
        return true;
    }

    private readonly record struct Step(string? Member, int? Index, bool IsWildcard);

    private static bool TryParse(string path, out List<Step> steps)
    {
        steps = [];
        if (path.Length == 0 || path[0] != '$') return false;
        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = i + 1;
                while (end < path.Length && path[end] != '.' && path[end] != '[') end++;
                if (end == i + 1) return false;
                var name = path[(i + 1)..end];
                steps.Add(name == "*" ? new Step(null, null, true) : new Step(name, null, false));
                i = end;
            }
            else if (path[i] == '[')
            {
                var close = path.IndexOf(']', i);
                if (close < 0) return false;
                var inner = path[(i + 1)..close];
                if (inner == "*") steps.Add(new Step(null, null, true));
                else if (inner.Length >= 2 && inner[0] == '\'' && inner[^1] == '\'') steps.Add(new Step(inner[1..^1], null, false));
                else if (int.TryParse(inner, out var index) && index >= 0) steps.Add(new Step(null, index, false));
                else return false;
                i = close + 1;
            }
            else
            {
                return false;
            }
        }
        return true;
    }
}

/// <summary>
/// A value taken from the event for a template: <see cref="String"/> is set for JSON strings (their unescaped text),
/// <see cref="Json"/> always holds the value as JSON text.
/// </summary>
public readonly record struct ShapedValue(string? String, string Json)
{
    public bool IsString => String is not null;

    public static ShapedValue From(JsonElement element) =>
        element.ValueKind == JsonValueKind.String
            ? new ShapedValue(element.GetString()!, element.GetRawText())
            : new ShapedValue(null, element.GetRawText());

    public static ShapedValue OfString(string text) => new(text, JsonText.Quote(text));

    public static ShapedValue OfJson(string json) => new(null, json);
}
