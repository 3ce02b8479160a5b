using System.Text.Json;

namespace Switchyard.Protocol.Model.Validation;

/// <summary>
/// First pass over a request body: every modeled member must have a JSON type that can be read as its shape.
/// AWS deserializes before it validates, so the first mismatch (in model member order, depth first) is answered
/// with a SerializationException and no constraint is checked. Unknown members and nulls are skipped, as AWS does.
/// </summary>
internal static class JsonTypeChecker
{
    /// <summary>The SerializationException message for the first mismatch, or null when every type fits.</summary>
    public static string? FindMismatch(ShapeModel shape, JsonElement value)
    {
        var mismatch = SerializationMessages.Mismatch(shape.Type, value);
        if (mismatch is not null) return mismatch;
        if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return null;

        switch (shape.Type)
        {
            case ShapeType.Structure:
                foreach (var member in shape.Members)
                {
                    if (!value.TryGetProperty(member.Name, out var child)) continue;
                    var found = FindMismatch(member.Target, child);
                    if (found is not null) return found;
                }
                return null;

            case ShapeType.List:
                foreach (var item in value.EnumerateArray())
                {
                    var found = FindMismatch(shape.ListMemberShape!, item);
                    if (found is not null) return found;
                }
                return null;

            case ShapeType.Map:
                // JSON object keys are always strings, which is what every map key shape of the model is.
                foreach (var entry in value.EnumerateObject())
                {
                    var found = FindMismatch(shape.MapValueShape!, entry.Value);
                    if (found is not null) return found;
                }
                return null;

            default:
                return null;
        }
    }
}
