using System.Globalization;
using Switchyard.ModelGen.Patterns;
using Switchyard.ModelGen.Spec;

namespace Switchyard.ModelGen.Emit;

/// <summary>Emits the model tables (metadata, shapes with constraints, operations) and one compiled regex per pattern.</summary>
public static class ServiceModelEmitter
{
    public static string Emit(ServiceSpec spec, GeneratorTarget target)
    {
        var w = new CodeWriter().Header(target);
        w.Line("using System.Text.RegularExpressions;");
        if (target.NeedsMetadataImport) w.Line($"using {GeneratorTarget.MetadataNamespace};");
        w.Line();
        w.Line($"namespace {target.Namespace};");
        w.Line();
        w.Open($"public static partial class {target.ModelClass}");
        EmitMetadata(w, spec.Metadata);
        w.Line();
        EmitShapes(w, spec, target);
        w.Line();
        EmitOperations(w, spec, target);
        w.Close();
        w.Line();
        EmitPatterns(w, spec);
        return w.ToString();
    }

    private static void EmitMetadata(CodeWriter w, SpecMetadata m)
    {
        w.Line("/// <summary>The model's metadata block.</summary>");
        w.Line("public static ServiceMetadata Metadata { get; } = new(");
        w.Line($"    ApiVersion: {CSharp.Literal(m.ApiVersion)},");
        w.Line($"    EndpointPrefix: {CSharp.Literal(m.EndpointPrefix)},");
        w.Line($"    JsonVersion: {CSharp.Literal(m.JsonVersion)},");
        w.Line($"    Protocol: {CSharp.Literal(m.Protocol)},");
        w.Line($"    ServiceId: {CSharp.Literal(m.ServiceId)},");
        w.Line($"    SignatureVersion: {CSharp.Literal(m.SignatureVersion)},");
        w.Line($"    SigningName: {CSharp.Literal(m.SigningName)},");
        w.Line($"    TargetPrefix: {CSharp.Literal(m.TargetPrefix)});");
    }

    private static void EmitShapes(CodeWriter w, ServiceSpec spec, GeneratorTarget target)
    {
        w.Line("private static ShapeModel[] CreateShapes() =>");
        w.Line("[");
        foreach (var s in spec.Shapes)
        {
            var props = new List<string>
            {
                $"Name = {CSharp.Literal(s.Name)}",
                $"Type = ShapeType.{ClrTypes.ShapeTypeMember(s.Type)}",
            };
            if (s.Type == "structure") props.Add($"ClrType = typeof({s.Name})");
            if (s.ListMember is not null) props.Add($"ListMember = {CSharp.Literal(s.ListMember)}");
            if (s.MapKey is not null) props.Add($"MapKey = {CSharp.Literal(s.MapKey)}");
            if (s.MapValue is not null) props.Add($"MapValue = {CSharp.Literal(s.MapValue)}");
            if (s.Min is { } min) props.Add($"Min = {min.ToString(CultureInfo.InvariantCulture)}");
            if (s.Max is { } max) props.Add($"Max = {max.ToString(CultureInfo.InvariantCulture)}");
            if (s.Pattern is not null)
            {
                props.Add($"Pattern = {CSharp.Literal(s.Pattern)}");
                props.Add($"PatternRegex = ModelPatterns.{PatternMethod(s.Name)}()");
            }
            if (s.Enum is not null) props.Add($"Enum = [{string.Join(", ", s.Enum.Select(CSharp.Literal))}]");
            if (s.Sensitive) props.Add("IsSensitive = true");
            if (s.Exception) props.Add("IsException = true");
            if (s.Fault) props.Add("IsFault = true");

            if (s.Type != "structure")
            {
                w.Line($"    new() {{ {string.Join(", ", props)} }},");
                continue;
            }

            w.Line("    new()");
            w.Line("    {");
            foreach (var p in props) w.Line($"        {p},");
            if (s.Members.Count == 0)
            {
                w.Line("        Members = [],");
            }
            else
            {
                w.Line("        Members =");
                w.Line("        [");
                foreach (var m in s.Members)
                {
                    var required = m.Required ? "true" : "false";
                    var location = target.EmitHttpBindings && m.Location is not null
                        ? $", Location: {CSharp.Literal(m.Location)}, LocationName: {CSharp.Literal(m.LocationName ?? m.Name)}"
                        : "";
                    w.Line($"            new({CSharp.Literal(m.Name)}, {CSharp.Literal(m.Shape)}, Required: {required}{location}),");
                }
                w.Line("        ],");
            }
            w.Line("    },");
        }
        w.Line("];");
    }

    private static void EmitOperations(CodeWriter w, ServiceSpec spec, GeneratorTarget target)
    {
        w.Line("private static OperationModel[] CreateOperations() =>");
        w.Line("[");
        foreach (var op in spec.Operations)
        {
            w.Line("    new()");
            w.Line("    {");
            w.Line($"        Name = {CSharp.Literal(op.Name)},");
            w.Line($"        InputShape = {CSharp.LiteralOrNull(op.Input)},");
            w.Line($"        OutputShape = {CSharp.LiteralOrNull(op.Output)},");
            w.Line($"        InputType = {(op.Input is null ? "null" : $"typeof({op.Input})")},");
            w.Line($"        OutputType = {(op.Output is null ? "null" : $"typeof({op.Output})")},");
            w.Line($"        Errors = [{string.Join(", ", op.Errors.Select(CSharp.Literal))}],");
            if (target.EmitHttpBindings && op.HttpMethod is not null)
            {
                w.Line($"        HttpMethod = {CSharp.Literal(op.HttpMethod)},");
                w.Line($"        RequestUri = {CSharp.Literal(op.RequestUri!)},");
            }
            w.Line("    },");
        }
        w.Line("];");
    }

    private static void EmitPatterns(CodeWriter w, ServiceSpec spec)
    {
        w.Line("/// <summary>");
        w.Line("/// One source-generated regex per constrained string shape: the model's Java pattern translated to .NET and");
        w.Line("/// anchored for a whole-value match (AWS uses java.util.regex Matcher.matches()).");
        w.Line("/// </summary>");
        w.Open("internal static partial class ModelPatterns");
        var first = true;
        foreach (var s in spec.Shapes.Where(s => s.Pattern is not null))
        {
            if (!first) w.Line();
            first = false;
            var translated = JavaRegexTranslator.TranslateAnchored(s.Pattern!);
            w.Line($"// Model: {s.Pattern}");
            w.Line($"[GeneratedRegex({CSharp.Literal(translated)}, RegexOptions.CultureInvariant)]");
            w.Line($"internal static partial Regex {PatternMethod(s.Name)}();");
        }
        w.Close();
    }

    private static string PatternMethod(string shapeName) => $"{shapeName}Pattern";
}
