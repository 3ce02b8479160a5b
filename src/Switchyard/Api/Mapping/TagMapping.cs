using Switchyard.Domain.Buses;
using Wire = Switchyard.Protocol.Model;

namespace Switchyard.Api.Mapping;

/// <summary>Tags between the wire shape (<c>Tag</c>, members nullable) and the domain's <see cref="ResourceTag"/>.</summary>
public static class TagMapping
{
    /// <summary>Key and Value are required by the service model, so the request validator has checked both.</summary>
    public static ResourceTag ToDomain(Wire.Tag tag) => new(tag.Key!, tag.Value!);

    public static Wire.Tag ToWire(ResourceTag tag) => new() { Key = tag.Key, Value = tag.Value };

    public static IReadOnlyList<ResourceTag>? ToDomain(List<Wire.Tag>? tags) => tags?.Select(ToDomain).ToArray();

    public static List<Wire.Tag>? ToWire(IReadOnlyList<ResourceTag>? tags) => tags?.Select(ToWire).ToList();
}
