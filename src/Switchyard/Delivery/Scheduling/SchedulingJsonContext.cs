using System.Text.Json.Serialization;

namespace Switchyard.Delivery.Scheduling;

/// <summary>Source-generated serialization of the scheduler's stored progress (no reflection at run time).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ScheduleProgress))]
public sealed partial class SchedulingJsonContext : JsonSerializerContext;
