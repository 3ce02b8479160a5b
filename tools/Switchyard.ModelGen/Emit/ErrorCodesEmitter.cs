using Switchyard.ModelGen.Spec;

namespace Switchyard.ModelGen.Emit;

/// <summary>Emits AwsErrorCodes: every modeled error shape plus the protocol-level codes AWS sends unmodeled.</summary>
public static class ErrorCodesEmitter
{
    /// <summary>Errors that the service front end returns without declaring them in the model.</summary>
    private static readonly (string Code, bool ServerFault)[] ProtocolCodes =
    [
        ("ValidationException", false),
        ("SerializationException", false),
        ("UnknownOperationException", false),
        ("MissingAuthenticationTokenException", false),
        ("IncompleteSignatureException", false),
        ("UnrecognizedClientException", false),
        ("InvalidSignatureException", false),
        ("AccessDeniedException", false),
        ("InternalFailure", true),
    ];

    public static string Emit(ServiceSpec spec, GeneratorTarget target)
    {
        var modeled = spec.Shapes.Where(s => s.Exception).Select(s => (Code: s.Name, ServerFault: s.Fault));
        var all = modeled
            .Concat(ProtocolCodes.Where(p => !spec.Shapes.Any(s => s.Exception && s.Name == p.Code)))
            .OrderBy(c => c.Code, StringComparer.Ordinal)
            .ToList();

        var w = new CodeWriter().Header(target);
        w.Line($"namespace {target.Namespace};");
        w.Line();
        w.Line("/// <summary>Error codes sent as \"__type\": every error shape of the model and the protocol-level codes.</summary>");
        w.Open($"public static partial class {target.ErrorCodesClass}");
        foreach (var (code, _) in all)
        {
            w.Line($"public const string {code} = {CSharp.Literal(code)};");
        }
        w.Line();
        w.Line("/// <summary>Error shapes of the model (exception: true), in ordinal order.</summary>");
        w.Line("public static IReadOnlyList<string> Modeled { get; } =");
        w.Line("[");
        foreach (var s in spec.Shapes.Where(s => s.Exception)) w.Line($"    {s.Name},");
        w.Line("];");
        w.Line();
        w.Line("/// <summary>Codes that are server faults (HTTP 500): modeled with fault: true, or AWS's InternalFailure.</summary>");
        w.Line("public static IReadOnlySet<string> ServerFaults { get; } = new HashSet<string>(StringComparer.Ordinal)");
        w.Line("{");
        foreach (var (code, _) in all.Where(c => c.ServerFault)) w.Line($"    {code},");
        w.Line("};");
        w.Close();
        return w.ToString();
    }
}
