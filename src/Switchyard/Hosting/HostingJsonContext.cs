using System.Text.Json.Serialization;

namespace Switchyard.Hosting;

public sealed record HealthStatus(string Status);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(HealthStatus))]
[JsonSerializable(typeof(HealthReport))]
public sealed partial class HostingJsonContext : JsonSerializerContext;
