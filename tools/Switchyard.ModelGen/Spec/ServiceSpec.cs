using System.Text.Json;

namespace Switchyard.ModelGen.Spec;

/// <summary>The facts of a botocore service model that the generator uses: metadata, operations, shapes.</summary>
/// <remarks>Documentation text is deliberately never read, so a doc-only model update changes no output.</remarks>
public sealed record ServiceSpec(
    SpecMetadata Metadata,
    IReadOnlyList<SpecOperation> Operations,
    IReadOnlyList<SpecShape> Shapes)
{
    public SpecShape Shape(string name) =>
        Shapes.FirstOrDefault(s => s.Name == name) ?? throw new InvalidDataException($"Unknown shape '{name}'.");

    public static ServiceSpec Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var metadata = SpecMetadata.Parse(root.GetProperty("metadata"));

        var operations = new List<SpecOperation>();
        foreach (var op in root.GetProperty("operations").EnumerateObject())
        {
            operations.Add(SpecOperation.Parse(op.Name, op.Value));
        }

        var shapes = new List<SpecShape>();
        foreach (var shape in root.GetProperty("shapes").EnumerateObject())
        {
            shapes.Add(SpecShape.Parse(shape.Name, shape.Value));
        }

        // Ordinal ordering makes the output independent of the model file's key order.
        operations.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        shapes.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return new ServiceSpec(metadata, operations, shapes);
    }
}

public sealed record SpecMetadata(
    string ApiVersion,
    string EndpointPrefix,
    string JsonVersion,
    string Protocol,
    string ServiceId,
    string SignatureVersion,
    string SigningName,
    string TargetPrefix)
{
    public static SpecMetadata Parse(JsonElement e)
    {
        string Get(string name) => e.TryGetProperty(name, out var v) ? v.GetString() ?? "" : "";
        var endpointPrefix = Get("endpointPrefix");
        // SigV4's service name is signingName when present, else the endpoint prefix (botocore's rule).
        var signingName = e.TryGetProperty("signingName", out var sn) ? sn.GetString()! : endpointPrefix;
        return new SpecMetadata(Get("apiVersion"), endpointPrefix, Get("jsonVersion"), Get("protocol"),
            Get("serviceId"), Get("signatureVersion"), signingName, Get("targetPrefix"));
    }
}

/// <param name="HttpMethod">The REST binding (<c>http.method</c>, <c>http.requestUri</c>); JSON 1.1 models have one too.</param>
public sealed record SpecOperation(string Name, string? Input, string? Output, IReadOnlyList<string> Errors, string? HttpMethod = null, string? RequestUri = null)
{
    public static SpecOperation Parse(string name, JsonElement e)
    {
        string? Ref(string member) =>
            e.TryGetProperty(member, out var r) ? r.GetProperty("shape").GetString() : null;
        var errors = e.TryGetProperty("errors", out var errs)
            ? errs.EnumerateArray().Select(x => x.GetProperty("shape").GetString()!).ToList()
            : new List<string>();
        string? method = null, uri = null;
        if (e.TryGetProperty("http", out var http))
        {
            method = http.TryGetProperty("method", out var m) ? m.GetString() : null;
            uri = http.TryGetProperty("requestUri", out var u) ? u.GetString() : null;
        }
        return new SpecOperation(name, Ref("input"), Ref("output"), errors, method, uri);
    }
}

/// <param name="Location">REST binding: <c>uri</c>, <c>querystring</c> or <c>header</c>; null for the body.</param>
public sealed record SpecMember(string Name, string Shape, bool Required, string? Location = null, string? LocationName = null);

public sealed record SpecShape(
    string Name,
    string Type,
    IReadOnlyList<SpecMember> Members,
    string? ListMember,
    string? MapKey,
    string? MapValue,
    long? Min,
    long? Max,
    string? Pattern,
    IReadOnlyList<string>? Enum,
    bool Sensitive,
    bool Exception,
    bool Fault)
{
    public static SpecShape Parse(string name, JsonElement e)
    {
        var type = e.GetProperty("type").GetString()!;
        var required = e.TryGetProperty("required", out var req)
            ? req.EnumerateArray().Select(x => x.GetString()!).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);

        var members = new List<SpecMember>();
        if (e.TryGetProperty("members", out var ms))
        {
            // Model member order is kept: AWS reports validation errors in it.
            foreach (var m in ms.EnumerateObject())
            {
                string? Text(string property) => m.Value.TryGetProperty(property, out var t) ? t.GetString() : null;
                members.Add(new SpecMember(m.Name, m.Value.GetProperty("shape").GetString()!, required.Contains(m.Name),
                    Text("location"), Text("locationName")));
            }
        }

        string? Ref(string member) =>
            e.TryGetProperty(member, out var r) ? r.GetProperty("shape").GetString() : null;
        long? Number(string member) =>
            e.TryGetProperty(member, out var n) ? (long)n.GetDouble() : null;
        bool Flag(string member) => e.TryGetProperty(member, out var f) && f.GetBoolean();

        var enumValues = e.TryGetProperty("enum", out var en)
            ? en.EnumerateArray().Select(x => x.GetString()!).ToList()
            : null;
        var pattern = e.TryGetProperty("pattern", out var p) ? p.GetString() : null;

        return new SpecShape(name, type, members, Ref("member"), Ref("key"), Ref("value"),
            Number("min"), Number("max"), pattern, enumValues, Flag("sensitive"), Flag("exception"), Flag("fault"));
    }
}
