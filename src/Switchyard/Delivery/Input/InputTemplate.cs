using System.Text;

namespace Switchyard.Delivery.Input;

/// <summary>
/// An InputTemplate split into literal text and placeholders, each placeholder knowing where it sits, because that
/// decides how a value is written (AWS's rules, from the answers LocalStack recorded against AWS in
/// tests/aws/services/events/test_events_inputs.snapshot.json and the EventBridge user guide's examples):
/// <list type="bullet">
/// <item>a template that is JSON (it starts with <c>{</c>, <c>[</c> or <c>"</c>): a placeholder in a value position gets
/// a string value quoted and any other value as its JSON, and a missing value as <c>""</c>; a placeholder inside a JSON
/// string gets a string value's text, JSON-escaped, without quotes, and nothing for a missing value;</item>
/// <item>a list or object inside a string is written without JSON quoting (<c>["HIGH"]</c> → <c>[HIGH]</c>,
/// <c>{"a":"b"}</c> → <c>{a:b}</c>) in a string template or plain text; inside a string of an object or array template
/// it would break the JSON, and AWS then delivers nothing (<see cref="UndeliverableInputException"/>);</item>
/// <item>any other template is plain text: values go in unquoted, missing ones as nothing.</item>
/// </list>
/// </summary>
public sealed class InputTemplate
{
    public enum Position { PlainText, InsideJsonString, JsonValue }

    public abstract record Segment;

    public sealed record Literal(string Text) : Segment;

    public sealed record Placeholder(string Name, Position Position) : Segment;

    private InputTemplate(IReadOnlyList<Segment> segments, bool isStructure)
    {
        Segments = segments;
        IsStructure = isStructure;
    }

    public IReadOnlyList<Segment> Segments { get; }

    /// <summary>The template is a JSON object or array (not a JSON string, not plain text).</summary>
    public bool IsStructure { get; }

    /// <param name="isVariable">Whether a name between angle brackets is a variable (defined or reserved); anything
    /// else stays literal text (a template may contain <c>&lt;</c> of its own).</param>
    public static InputTemplate Parse(string template, Func<string, bool> isVariable)
    {
        var trimmed = template.TrimStart();
        var json = trimmed.Length > 0 && trimmed[0] is '{' or '[' or '"';
        var isStructure = trimmed.Length > 0 && trimmed[0] is '{' or '[';
        var segments = new List<Segment>();
        var literal = new StringBuilder();
        var inString = false;
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '<' && TryReadName(template, i, out var name, out var end) && isVariable(name))
            {
                if (literal.Length > 0) segments.Add(new Literal(literal.ToString()));
                literal.Clear();
                segments.Add(new Placeholder(name, !json ? Position.PlainText : inString ? Position.InsideJsonString : Position.JsonValue));
                i = end;
                continue;
            }
            literal.Append(c);
            if (!json) continue;
            if (inString && c == '\\' && i + 1 < template.Length)
            {
                literal.Append(template[++i]);
                continue;
            }
            if (c == '"') inString = !inString;
        }
        if (literal.Length > 0) segments.Add(new Literal(literal.ToString()));
        return new InputTemplate(segments, isStructure);
    }

    /// <summary>Writes the template with the values filled in; <paramref name="lookup"/> answers false for a missing value.</summary>
    /// <exception cref="UndeliverableInputException">A list or object would land inside a string of a JSON object or array template.</exception>
    public string Render(TryLookup lookup)
    {
        var output = new StringBuilder();
        foreach (var segment in Segments)
        {
            switch (segment)
            {
                case Literal literal:
                    output.Append(literal.Text);
                    break;
                case Placeholder placeholder:
                    var found = lookup(placeholder.Name, out var value);
                    if (!found)
                    {
                        if (placeholder.Position == Position.JsonValue) output.Append("\"\"");
                        break;
                    }
                    if (placeholder.Position == Position.JsonValue)
                    {
                        output.Append(value.Json);
                        break;
                    }
                    if (value.String is null && IsStructure && placeholder.Position == Position.InsideJsonString && IsListOrObject(value.Json))
                        throw new UndeliverableInputException(
                            $"the value of <{placeholder.Name}> is a list or an object and sits inside a string of the JSON template");
                    var text = value.String ?? JsonText.Unquoted(value.Json);
                    output.Append(placeholder.Position == Position.InsideJsonString ? JsonText.Escape(text) : text);
                    break;
            }
        }
        return output.ToString();
    }

    private static bool IsListOrObject(string json) => json.Length > 0 && json[0] is '[' or '{';

    public delegate bool TryLookup(string name, out ShapedValue value);

    private static bool TryReadName(string template, int open, out string name, out int close)
    {
        name = "";
        close = template.IndexOf('>', open + 1);
        if (close <= open + 1) return false;
        for (var i = open + 1; i < close; i++)
        {
            var c = template[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')) return false;
        }
        name = template[(open + 1)..close];
        return true;
    }
}
