using System.Text.Json.Serialization;

namespace Switchyard.Hosting;

public sealed record HealthStatus(string Status);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(HealthStatus))]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(SchedulerClockMove))]
[JsonSerializable(typeof(SchedulerClockReading))]
public sealed partial class HostingJsonContext : JsonSerializerContext;
