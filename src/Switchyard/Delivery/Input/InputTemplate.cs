using System.Text;

namespace Switchyard.Delivery.Input;

/// <summary>
/// An InputTemplate split into literal text and placeholders, each placeholder knowing where it sits, because that
/// decides how a value is written (AWS's quoting rules):
/// <list type="bullet">
/// <item>a template that is JSON (it starts with <c>{</c>, <c>[</c> or <c>"</c>): a placeholder inside a JSON string
/// gets a string value's text, JSON-escaped, without quotes; a placeholder in a value position gets a string value
/// quoted and any other value as its JSON; a missing value is <c>null</c> there and nothing inside a string;</item>
/// <item>any other template is plain text: values go in unquoted (strings as their text, others as JSON), missing
/// ones as nothing.</item>
/// </list>
/// </summary>
public sealed class InputTemplate
{
    public enum Position { PlainText, InsideJsonString, JsonValue }

    public abstract record Segment;

    public sealed record Literal(string Text) : Segment;

    public sealed record Placeholder(string Name, Position Position) : Segment;

    private InputTemplate(IReadOnlyList<Segment> segments) => Segments = segments;

    public IReadOnlyList<Segment> Segments { get; }

    /// <param name="isVariable">Whether a name between angle brackets is a variable (defined or reserved); anything
    /// else stays literal text (a template may contain <c>&lt;</c> of its own).</param>
    public static InputTemplate Parse(string template, Func<string, bool> isVariable)
    {
        var trimmed = template.TrimStart();
        var json = trimmed.Length > 0 && trimmed[0] is '{' or '[' or '"';
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
        return new InputTemplate(segments);
    }

    /// <summary>Writes the template with the values filled in; <paramref name="lookup"/> answers false for a missing value.</summary>
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
                    output.Append(placeholder.Position switch
                    {
                        Position.PlainText => found ? value.String ?? value.Json : "",
                        Position.InsideJsonString => found ? JsonText.Escape(value.String ?? value.Json) : "",
                        _ => found ? value.Json : "null",
                    });
                    break;
            }
        }
        return output.ToString();
    }

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
