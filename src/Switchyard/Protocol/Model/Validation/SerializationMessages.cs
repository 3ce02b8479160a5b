using System.Text.Json;

namespace Switchyard.Protocol.Model.Validation;

/// <summary>
/// AWS's SerializationException texts for a JSON value of the wrong type. They come from AWS's Java JSON front end
/// (Coral) and keep its wording, grammar included ("an String", "an Boolean"); recorded against real AWS by dynalite
/// (mhart/dynalite validations/index.js) and seen in client bug reports
/// ("class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String").
/// </summary>
public static class SerializationMessages
{
    public const string UnexpectedList = "Start of list found where not expected";
    public const string UnexpectedStructure = "Start of structure or map found where not expected.";
    public const string ExpectedList = "Expected list or null";
    public const string ExpectedMap = "Expected map or null";
    public const string ExpectedStructure = "Expected null";

    private const string JavaBoolean = "class java.lang.Boolean";
    private const string JavaString = "class java.lang.String";
    private const string CoralNumber = "class com.amazon.coral.value.json.numbers.TruncatingBigNumber";

    /// <summary>The message for <paramref name="actual"/> where <paramref name="expected"/> was modeled, or null if it fits.</summary>
    public static string? Mismatch(ShapeType expected, JsonElement actual)
    {
        var kind = actual.ValueKind;
        if (kind is JsonValueKind.Null or JsonValueKind.Undefined) return null;

        switch (expected)
        {
            case ShapeType.Structure:
                return kind switch
                {
                    JsonValueKind.Object => null,
                    JsonValueKind.Array => UnexpectedList,
                    _ => ExpectedStructure,
                };
            case ShapeType.List:
                return kind switch
                {
                    JsonValueKind.Array => null,
                    JsonValueKind.Object => UnexpectedStructure,
                    _ => ExpectedList,
                };
            case ShapeType.Map:
                return kind switch
                {
                    JsonValueKind.Object => null,
                    JsonValueKind.Array => UnexpectedList,
                    _ => ExpectedMap,
                };
        }

        // Scalars: a container in their place is reported the same way whatever the scalar type.
        if (kind == JsonValueKind.Array) return UnexpectedList;
        if (kind == JsonValueKind.Object) return UnexpectedStructure;

        return expected switch
        {
            ShapeType.String => kind switch
            {
                JsonValueKind.String => null,
                JsonValueKind.Number => $"{CoralNumber} can not be converted to an String",
                _ => $"{JavaBoolean} can not be converted to an String",
            },
            ShapeType.Integer or ShapeType.Long or ShapeType.Double or ShapeType.Float => kind switch
            {
                JsonValueKind.Number => null,
                JsonValueKind.String => $"{JavaString} can not be converted to an {expected}",
                _ => $"{JavaBoolean} can not be converted to an {expected}",
            },
            ShapeType.Boolean => kind switch
            {
                JsonValueKind.True or JsonValueKind.False => null,
                JsonValueKind.Number => $"{CoralNumber} can not be converted to an Boolean",
                // AWS converts "true"/"false"/"yes"/"no"/"1"/"0" (any case) and echoes anything else upper-cased.
                _ => Serialization.CoralBooleans.TryParse(actual.GetString(), out _)
                    ? null
                    : $"'{actual.GetString()!.ToUpperInvariant()}' can not be converted to an Boolean",
            },
            ShapeType.Timestamp => kind switch
            {
                JsonValueKind.Number => null,
                JsonValueKind.String => $"{JavaString} can not be converted to milliseconds since epoch",
                _ => $"{JavaBoolean} can not be converted to milliseconds since epoch",
            },
            ShapeType.Blob => kind switch
            {
                JsonValueKind.String => null,
                JsonValueKind.Number => $"{CoralNumber} can not be converted to a Blob",
                _ => $"{JavaBoolean} can not be converted to a Blob",
            },
            _ => null,
        };
    }
}
