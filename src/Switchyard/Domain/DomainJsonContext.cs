using System.Text.Json.Serialization;
using Switchyard.Domain.Buses;


namespace Switchyard.Domain;

/// <summary>Source-generated serialization of the stored domain records (no reflection at run time).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EventBus))]

public sealed partial class DomainJsonContext : JsonSerializerContext;
