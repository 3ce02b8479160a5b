using System.Globalization;
using System.Text;
using System.Text.Json;
using Switchyard.Protocol.Model.Serialization;

namespace Switchyard.Protocol.Model.Validation;

/// <summary>
/// Prints a request value the way AWS's Java validators do in "Value '...' at ..." (the value's Java toString()):
/// strings raw, lists "[a, b]", maps "{k=v, k2=v2}", structures "ShapeName(member=value, ...)" with every member
/// (absent ones as null), timestamps as java.util.Date ("Mon Jan 01 00:00:00 UTC 2024").
/// </summary>
/// <remarks>
/// The structure form is AWS-recorded for PutEvents (more than 10 entries): "Value '[PutEventsRequestEntry(time=null,
/// source=..., resources=null, detailType=..., detail=..., eventBusName=..., traceHeader=null, kmsKeyIdentifier=null,
/// internalMetadata=null), ...]' at 'entries' failed to satisfy constraint: Member must have length less than or
/// equal to 10". The last two members are AWS-internal and not in the public model; <see cref="InternalMembers"/>
/// adds them so the text matches.
/// </remarks>
public static class AwsValueFormatter
{
    /// <summary>What AWS's toString() prints for a sensitive member inside a structure.</summary>
    public const string Redacted = "*** Sensitive Data Redacted ***";

    public static string Render(ShapeModel shape, JsonElement value)
    {
        var sb = new StringBuilder();
        Append(sb, shape, value);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, ShapeModel shape, JsonElement value)
    {
        if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            sb.Append("null");
            return;
        }

        switch (shape.Type)
        {
            case ShapeType.Structure:
                sb.Append(shape.Name).Append('(');
                var first = true;
                foreach (var member in shape.Members)
                {
                    if (!first) sb.Append(", ");
                    first = false;
                    sb.Append(member.PathName).Append('=');
                    var present = value.TryGetProperty(member.Name, out var child) && child.ValueKind != JsonValueKind.Null;
                    if (present && member.Target.IsSensitive) sb.Append(Redacted);
                    else if (present) Append(sb, member.Target, child);
                    else sb.Append("null");
                }
                foreach (var hidden in InternalMembers.Of(shape.Name))
                {
                    if (!first) sb.Append(", ");
                    first = false;
                    sb.Append(hidden).Append("=null");
                }
                sb.Append(')');
                return;

            case ShapeType.List:
                sb.Append('[');
                var firstItem = true;
                foreach (var item in value.EnumerateArray())
                {
                    if (!firstItem) sb.Append(", ");
                    firstItem = false;
                    Append(sb, shape.ListMemberShape!, item);
                }
                sb.Append(']');
                return;

            case ShapeType.Map:
                sb.Append('{');
                var firstEntry = true;
                foreach (var entry in value.EnumerateObject())
                {
                    if (!firstEntry) sb.Append(", ");
                    firstEntry = false;
                    sb.Append(entry.Name).Append('=');
                    Append(sb, shape.MapValueShape!, entry.Value);
                }
                sb.Append('}');
                return;

            default:
                sb.Append(RenderScalar(shape.Type, value));
                return;
        }
    }

    private static string RenderScalar(ShapeType type, JsonElement value) => type switch
    {
        ShapeType.String or ShapeType.Blob => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText(),
        ShapeType.Integer => CoralNumbers.ToInt32(value).ToString(CultureInfo.InvariantCulture),
        ShapeType.Long => CoralNumbers.ToInt64(value).ToString(CultureInfo.InvariantCulture),
        ShapeType.Double or ShapeType.Float => JavaDouble(value.GetDouble()),
        ShapeType.Boolean => value.ValueKind switch
        {
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => CoralBooleans.TryParse(value.GetString(), out var b) && b ? "true" : "false",
        },
        ShapeType.Timestamp => JavaDate(value),
        _ => value.GetRawText(),
    };

    /// <summary>java.util.Date.toString() in UTC, the zone AWS's hosts run in.</summary>
    private static string JavaDate(JsonElement epochSeconds)
    {
        var time = EpochSeconds.ToDateTimeOffset(epochSeconds);
        return time.ToString("ddd MMM dd HH:mm:ss 'UTC' yyyy", CultureInfo.InvariantCulture);
    }

    /// <summary>Java's Double.toString(): "1.0", "0.5", "1.0E7".</summary>
    private static string JavaDouble(double d)
    {
        var abs = Math.Abs(d);
        if (abs != 0 && (abs < 1e-3 || abs >= 1e7))
        {
            return d.ToString("0.0################E0", CultureInfo.InvariantCulture);
        }
        var text = d.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.') ? text : text + ".0";
    }
}
