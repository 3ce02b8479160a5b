using System.Text.Encodings.Web;
using System.Text.Json;

namespace Switchyard.Policies.Parsing;

/// <summary>
/// Writes a policy as compact JSON in the document's own shape: fields in the order they were given (canonical
/// AWS order, Sid/Effect/Principal/Action/Resource/Condition, for statements built in code), strings kept as
/// strings and arrays as arrays, numbers with their original spelling.
/// </summary>
internal static class PolicyJsonWriter
{
    private static readonly string[] CanonicalDocumentOrder = ["Version", "Id", "Statement"];

    private static readonly string[] CanonicalStatementOrder =
        ["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"];

    // Relaxed escaping keeps ARNs, '+', '&' and non-ASCII text readable instead of \u-escaping them.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    public static string Write(string? version, string? id, IReadOnlyList<PolicyStatement> statements, bool statementIsList,
        IReadOnlyList<string>? fieldOrder)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            foreach (var field in Ordered(fieldOrder, CanonicalDocumentOrder))
            {
                switch (field)
                {
                    case "Version" when version is not null:
                        writer.WriteString("Version", version);
                        break;
                    case "Id" when id is not null:
                        writer.WriteString("Id", id);
                        break;
                    case "Statement":
                        writer.WritePropertyName("Statement");
                        if (statementIsList) writer.WriteStartArray();
                        foreach (var statement in statements) WriteStatement(writer, statement);
                        if (statementIsList) writer.WriteEndArray();
                        break;
                }
            }
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteStatement(Utf8JsonWriter writer, PolicyStatement statement)
    {
        writer.WriteStartObject();
        foreach (var field in Ordered(statement.FieldOrder, CanonicalStatementOrder))
        {
            switch (field)
            {
                case "Sid" when statement.Sid is not null:
                    writer.WriteString("Sid", statement.Sid);
                    break;
                case "Effect":
                    writer.WriteString("Effect", statement.Effect == PolicyEffect.Allow ? "Allow" : "Deny");
                    break;
                case "Principal" when statement.Principal is not null:
                    WritePrincipal(writer, "Principal", statement.Principal);
                    break;
                case "NotPrincipal" when statement.NotPrincipal is not null:
                    WritePrincipal(writer, "NotPrincipal", statement.NotPrincipal);
                    break;
                case "Action" when statement.Action is not null:
                    WriteValues(writer, "Action", statement.Action);
                    break;
                case "NotAction" when statement.NotAction is not null:
                    WriteValues(writer, "NotAction", statement.NotAction);
                    break;
                case "Resource" when statement.Resource is not null:
                    WriteValues(writer, "Resource", statement.Resource);
                    break;
                case "NotResource" when statement.NotResource is not null:
                    WriteValues(writer, "NotResource", statement.NotResource);
                    break;
                case "Condition" when statement.Condition is not null:
                    WriteCondition(writer, statement.Condition);
                    break;
            }
        }
        writer.WriteEndObject();
    }

    private static void WritePrincipal(Utf8JsonWriter writer, string name, PolicyPrincipal principal)
    {
        if (principal.IsWildcard)
        {
            writer.WriteString(name, "*");
            return;
        }
        writer.WriteStartObject(name);
        foreach (var (type, values) in principal.ByType) WriteValues(writer, type, values);
        writer.WriteEndObject();
    }

    private static void WriteValues(Utf8JsonWriter writer, string name, PolicyValues values)
    {
        if (!values.IsList && values.Values.Count == 1)
        {
            writer.WriteString(name, values.Values[0]);
            return;
        }
        writer.WriteStartArray(name);
        foreach (var value in values.Values) writer.WriteStringValue(value);
        writer.WriteEndArray();
    }

    private static void WriteCondition(Utf8JsonWriter writer, IReadOnlyList<ConditionClause> clauses)
    {
        writer.WriteStartObject("Condition");
        foreach (var clause in clauses)
        {
            writer.WriteStartObject(clause.Operator);
            foreach (var key in clause.Keys)
            {
                writer.WritePropertyName(key.Key);
                var asList = key.IsList || key.Values.Count != 1;
                if (asList) writer.WriteStartArray();
                foreach (var value in key.Values) WriteConditionValue(writer, value);
                if (asList) writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    private static void WriteConditionValue(Utf8JsonWriter writer, ConditionValue value)
    {
        switch (value.Kind)
        {
            case ConditionValueKind.Number:
                writer.WriteRawValue(value.Text);
                break;
            case ConditionValueKind.Boolean:
                writer.WriteBooleanValue(bool.Parse(value.Text));
                break;
            default:
                writer.WriteStringValue(value.Text);
                break;
        }
    }

    // The given order first, then any canonical field it does not mention (for statements edited in code).
    private static IEnumerable<string> Ordered(IReadOnlyList<string>? given, string[] canonical) =>
        given is null ? canonical : given.Concat(canonical.Except(given, StringComparer.Ordinal));
}
