using System.Text.Json.Serialization;

namespace Switchyard.Domain.Replays;

/// <summary>Source-generated serialization of stored replays.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Replay))]
public sealed partial class ReplayJsonContext : JsonSerializerContext;
