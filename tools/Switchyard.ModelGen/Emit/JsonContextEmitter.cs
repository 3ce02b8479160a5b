using Switchyard.ModelGen.Spec;

namespace Switchyard.ModelGen.Emit;

/// <summary>Emits the source-generated JsonSerializerContext that covers every structure shape.</summary>
public static class JsonContextEmitter
{
    public static string Emit(ServiceSpec spec, GeneratorTarget target)
    {
        var w = new CodeWriter().Header(target);
        w.Line("using System.Text.Json.Serialization;");
        w.Line("using Switchyard.Protocol.Model.Serialization;");
        w.Line();
        w.Line($"namespace {target.Namespace};");
        w.Line();
        // Names are explicit on every property, so no naming policy; absent members are omitted as AWS does.
        w.Line("[JsonSourceGenerationOptions(");
        w.Line("    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,");
        w.Line("    Converters = new[]");
        w.Line("    {");
        w.Line("        typeof(EpochSecondsConverter),");
        w.Line("        typeof(CoralInt32Converter),");
        w.Line("        typeof(CoralInt64Converter),");
        w.Line("        typeof(CoralBooleanConverter),");
        w.Line("    })]");
        foreach (var shape in spec.Shapes.Where(s => s.Type == "structure"))
        {
            w.Line($"[JsonSerializable(typeof({shape.Name}))]");
        }
        w.Line($"public sealed partial class {target.JsonContextClass} : JsonSerializerContext");
        w.Line("{");
        w.Line("}");
        return w.ToString();
    }
}
