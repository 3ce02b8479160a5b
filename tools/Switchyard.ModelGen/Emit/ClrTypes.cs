using Switchyard.ModelGen.Spec;

namespace Switchyard.ModelGen.Emit;

/// <summary>Maps model shapes to the C# types the DTOs use.</summary>
public static class ClrTypes
{
    /// <summary>The C# type of a value of <paramref name="shapeName"/>, without the nullable marker.</summary>
    public static string Of(ServiceSpec spec, string shapeName)
    {
        var shape = spec.Shape(shapeName);
        return shape.Type switch
        {
            "structure" => shape.Name,
            "list" => $"List<{Of(spec, shape.ListMember!)}>",
            "map" => $"Dictionary<{Of(spec, shape.MapKey!)}, {Of(spec, shape.MapValue!)}>",
            // Enums stay strings: the wire value is kept verbatim and checked by the validator.
            "string" => "string",
            "integer" => "int",
            "long" => "long",
            "boolean" => "bool",
            "timestamp" => "DateTimeOffset",
            "double" => "double",
            "float" => "float",
            "blob" => "byte[]",
            _ => throw new NotSupportedException($"Shape type '{shape.Type}' of '{shape.Name}'."),
        };
    }

    /// <summary>The enum member name used in the generated tables for a model shape type.</summary>
    public static string ShapeTypeMember(string modelType) => modelType switch
    {
        "structure" => "Structure",
        "list" => "List",
        "map" => "Map",
        "string" => "String",
        "integer" => "Integer",
        "long" => "Long",
        "boolean" => "Boolean",
        "timestamp" => "Timestamp",
        "blob" => "Blob",
        "double" => "Double",
        "float" => "Float",
        _ => throw new NotSupportedException($"Shape type '{modelType}'."),
    };
}
