using System.Text.Json.Serialization;

namespace Switchyard.Domain.ApiDestinations;

/// <summary>Source-generated serialization of stored API destinations.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ApiDestination))]
public sealed partial class ApiDestinationJsonContext : JsonSerializerContext;
