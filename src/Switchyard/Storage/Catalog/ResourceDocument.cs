using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Switchyard.Storage.Catalog;

/// <summary>
/// The stored form of a resource: <c>{"formatVersion":1,"resource":{...}}</c>, the record serialized by its own
/// JsonSerializerContext inside an envelope that names the format. A later format raises the number and teaches
/// <see cref="Read"/> to upgrade the older ones, so a data directory written by an older server keeps loading.
/// </summary>
internal static class ResourceDocument
{
    public const int CurrentFormat = 1;

    private const string FormatProperty = "formatVersion";
    private const string ResourceProperty = "resource";

    public static string Write<T>(T resource, JsonTypeInfo<T> typeInfo) => Wrap(JsonSerializer.Serialize(resource, typeInfo));

    /// <summary>Puts an already serialized record (format 1) into the envelope, as the import of older data does.</summary>
    public static string Wrap(string resourceJson) =>
        $$"""{"{{FormatProperty}}":{{CurrentFormat}},"{{ResourceProperty}}":{{resourceJson}}}""";

    /// <exception cref="InvalidDataException">The document is not a resource envelope of a format this server reads.</exception>
    public static T Read<T>(string document, JsonTypeInfo<T> typeInfo)
    {
        using var json = JsonDocument.Parse(document);
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty(FormatProperty, out var format) || !format.TryGetInt32(out var version)
            || !root.TryGetProperty(ResourceProperty, out var resource))
            throw new InvalidDataException("not a stored resource document (no formatVersion and resource)");
        // Only format 1 exists; an upgrade of an older format goes here. A newer one was written by a newer server.
        if (version != CurrentFormat)
            throw new InvalidDataException($"stored resource format {version} is not one this server reads (it reads {CurrentFormat})");
        return resource.Deserialize(typeInfo) ?? throw new InvalidDataException("stored resource is null");
    }
}
