namespace Switchyard.Policies.Evaluation;

/// <summary>
/// A Resource or condition value that may contain policy variables: <c>${aws:PrincipalAccount}</c>, a default
/// (<c>${aws:PrincipalOrgID, 'none'}</c>, with <c>''</c> for a quote inside it) and the escapes <c>${*}</c>,
/// <c>${?}</c>, <c>${$}</c>. Parsed once; resolved against each request.
/// </summary>
internal sealed class PolicyVariableTemplate
{
    private readonly IReadOnlyList<Part> _parts;

    private PolicyVariableTemplate(IReadOnlyList<Part> parts) => _parts = parts;

    /// <summary>
    /// Reads <paramref name="text"/>. With <paramref name="variablesEnabled"/> false (Version 2008-10-17, or an
    /// operator that takes no variables) the whole text is policy text, as IAM treats it.
    /// </summary>
    public static PolicyVariableTemplate Parse(string text, bool variablesEnabled)
    {
        if (!variablesEnabled || !text.Contains("${", StringComparison.Ordinal))
            return new PolicyVariableTemplate([new Part(PartKind.PolicyText, text, null)]);

        var parts = new List<Part>();
        var textStart = 0;
        var i = 0;
        while (i < text.Length - 1)
        {
            if (text[i] == '$' && text[i + 1] == '{' && TryReadPlaceholder(text, i, out var placeholder, out var end))
            {
                if (i > textStart) parts.Add(new Part(PartKind.PolicyText, text[textStart..i], null));
                parts.Add(placeholder);
                i = textStart = end;
            }
            else
            {
                i++;
            }
        }
        if (textStart < text.Length) parts.Add(new Part(PartKind.PolicyText, text[textStart..], null));
        return new PolicyVariableTemplate(parts);
    }

    /// <summary>True when the template has at least one variable (not just escapes).</summary>
    public bool HasVariables => _parts.Any(p => p.Kind == PartKind.Variable);

    /// <summary>
    /// Substitutes the variables from <paramref name="context"/>. Returns null when a variable has no single
    /// value in the request and no default: IAM then treats this policy value as matching nothing.
    /// </summary>
    public WildcardPattern? Resolve(RequestContext context, out string? unresolvedKey)
    {
        unresolvedKey = null;
        var builder = new WildcardPattern.Builder();
        foreach (var part in _parts)
        {
            switch (part.Kind)
            {
                case PartKind.PolicyText:
                    builder.AppendPolicyText(part.Text);
                    break;
                case PartKind.Literal:
                    builder.AppendLiteral(part.Text);
                    break;
                case PartKind.Variable:
                    // Multivalued keys cannot be used as variables, so only a key with exactly one value resolves.
                    var value = context.GetSingleValue(part.Text) ?? part.Default;
                    if (value is null)
                    {
                        unresolvedKey = part.Text;
                        return null;
                    }
                    builder.AppendLiteral(value);
                    break;
            }
        }
        return builder.Build();
    }

    // Reads "${...}" starting at 'start'. Anything that is not a well-formed escape or variable stays plain text.
    private static bool TryReadPlaceholder(string text, int start, out Part part, out int end)
    {
        part = default!;
        end = 0;
        var i = start + 2;
        if (i + 1 < text.Length && text[i + 1] == '}' && text[i] is '*' or '?' or '$')
        {
            part = new Part(PartKind.Literal, text[i].ToString(), null);
            end = i + 2;
            return true;
        }

        var keyStart = i;
        while (i < text.Length && text[i] is not (',' or '}')) i++;
        if (i >= text.Length) return false;
        var key = text[keyStart..i].Trim();
        if (key.Length == 0) return false;

        string? defaultValue = null;
        if (text[i] == ',')
        {
            i++;
            while (i < text.Length && text[i] == ' ') i++;
            if (i >= text.Length || text[i] != '\'') return false;
            i++;
            var value = new System.Text.StringBuilder();
            while (true)
            {
                if (i >= text.Length) return false;
                if (text[i] == '\'')
                {
                    if (i + 1 < text.Length && text[i + 1] == '\'')
                    {
                        value.Append('\'');
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                value.Append(text[i++]);
            }
            while (i < text.Length && text[i] == ' ') i++;
            if (i >= text.Length || text[i] != '}') return false;
            defaultValue = value.ToString();
        }

        part = new Part(PartKind.Variable, key, defaultValue);
        end = i + 1;
        return true;
    }

    private enum PartKind
    {
        PolicyText,
        Literal,
        Variable,
    }

    private sealed record Part(PartKind Kind, string Text, string? Default);
}
