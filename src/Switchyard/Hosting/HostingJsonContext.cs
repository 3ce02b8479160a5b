using System.Text.Json.Serialization;

namespace Switchyard.Hosting;

public sealed record HealthStatus(string Status);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(HealthStatus))]
public sealed partial class HostingJsonContext : JsonSerializerContext;
