using Switchyard.ModelGen.Spec;

namespace Switchyard.ModelGen.Emit;

/// <summary>Emits one sealed partial class per structure shape (inputs, outputs, nested types and errors).</summary>
public static class DtoEmitter
{
    public static string Emit(ServiceSpec spec, GeneratorTarget target)
    {
        var w = new CodeWriter().Header(target);
        w.Line("using System.Text.Json.Serialization;");
        w.Line();
        w.Line($"namespace {target.Namespace};");

        foreach (var shape in spec.Shapes.Where(s => s.Type == "structure"))
        {
            w.Line();
            w.Open($"public sealed partial class {shape.Name}");
            var first = true;
            foreach (var member in shape.Members)
            {
                if (!first) w.Line();
                first = false;
                // Every member is nullable: AWS JSON members are optional on the wire; RequestValidator checks requiredness.
                w.Line($"[JsonPropertyName({CSharp.Literal(member.Name)})]");
                w.Line($"public {ClrTypes.Of(spec, member.Shape)}? {PropertyName(member.Name)} {{ get; set; }}");
            }

            // REST-JSON error shapes model their "Message"; JSON 1.1 ones carry none but AWS sends "message".
            if (shape.Exception && !shape.Members.Any(m => m.Name == "Message"))
            {
                // Error shapes carry no members in this model, but AWS always sends a lower-case "message".
                if (!first) w.Line();
                w.Line("[JsonPropertyName(\"message\")]");
                w.Line("public string? Message { get; set; }");
            }
            w.Close();
        }

        return w.ToString();
    }

    /// <summary>
    /// The C# property name: the model name with its first letter upper-cased. A few members of ECS shapes are
    /// lower-case on the wire (<c>base</c>, <c>type</c>); JsonPropertyName keeps the exact wire name.
    /// </summary>
    public static string PropertyName(string memberName) =>
        char.ToUpperInvariant(memberName[0]) + memberName[1..];
}
