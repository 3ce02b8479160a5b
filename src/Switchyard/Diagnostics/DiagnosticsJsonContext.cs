using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Switchyard.Diagnostics.Advisor;
using Switchyard.Diagnostics.Explain;

namespace Switchyard.Diagnostics;

/// <summary>An admin endpoint's error answer: <c>{"error": "..."}</c>.</summary>
public sealed record AdminError(string Error);

/// <summary>The answer of <c>POST /_switchyard/reload</c>.</summary>
public sealed record ReloadAnswer(IReadOnlyList<OrganizationView> Organizations);

public sealed record OrganizationView(string Id, string ManagementAccount, IReadOnlyList<string> Accounts);

/// <summary>Source-generated JSON for the admin endpoints and the CLI that reads their answers.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(ExplainRequest))]
[JsonSerializable(typeof(ExplainReport))]
[JsonSerializable(typeof(LintReport))]
[JsonSerializable(typeof(ReloadAnswer))]
[JsonSerializable(typeof(AdminError))]
[JsonSerializable(typeof(JsonObject))]
public sealed partial class DiagnosticsJsonContext : JsonSerializerContext;
