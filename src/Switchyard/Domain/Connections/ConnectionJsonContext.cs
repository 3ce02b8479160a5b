using System.Text.Json.Serialization;

namespace Switchyard.Domain.Connections;

/// <summary>Source-generated serialization of stored connections.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Connection))]
public sealed partial class ConnectionJsonContext : JsonSerializerContext;
