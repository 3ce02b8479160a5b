using System.Text.Json.Serialization;

namespace Switchyard.Domain.Archives;

/// <summary>Source-generated serialization of stored archives.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Archive))]
public sealed partial class ArchiveJsonContext : JsonSerializerContext;
