using Switchyard.Api.Mapping;
using Switchyard.Domain;
using Switchyard.Domain.Buses;
using Switchyard.Protocol;
using Switchyard.Protocol.Model;
using Switchyard.Settings;

namespace Switchyard.Api;

/// <summary>TagResource, UntagResource and ListTagsForResource on event buses (and, through <see cref="ITaggableResources"/>, rules).</summary>
public sealed class TagOperations(EventBusCatalog buses, ServiceLimits limits, ITaggableResources others) : IOperationGroup
{
    public void Register(OperationRegistry registry)
    {
        registry.Add<TagResourceRequest, TagResourceResponse>("TagResource", (request, context) =>
        {
            Change(request.ResourceARN!, context, "events:TagResource", tags => Merge(tags, request.Tags));
            return new TagResourceResponse();
        });
        registry.Add<UntagResourceRequest, UntagResourceResponse>("UntagResource", (request, context) =>
        {
            var keys = request.TagKeys?.ToHashSet(StringComparer.Ordinal) ?? [];
            Change(request.ResourceARN!, context, "events:UntagResource", tags => tags.Where(t => !keys.Contains(t.Key)).ToList());
            return new UntagResourceResponse();
        });
        registry.Add<ListTagsForResourceRequest, ListTagsForResourceResponse>("ListTagsForResource", (request, context) =>
        {
            var tags = Read(request.ResourceARN!, context, "events:ListTagsForResource");
            return new ListTagsForResourceResponse { Tags = TagMapping.ToWire(tags) };
        });
    }

    /// <summary>Adds or overwrites tags by key, keeping the order in which keys first appeared.</summary>
    public static List<ResourceTag> Merge(IReadOnlyList<ResourceTag> current, IEnumerable<Tag>? added)
    {
        var result = current.ToList();
        foreach (var tag in added ?? [])
        {
            var index = result.FindIndex(t => t.Key == tag.Key);
            var entry = TagMapping.ToDomain(tag);
            if (index >= 0) result[index] = entry;
            else result.Add(entry);
        }
        return result;
    }

    private IReadOnlyList<ResourceTag> Read(string arn, RequestContext context, string action)
    {
        if (TryBus(arn, context, action, out var scope, out var name)) return buses.Get(scope, name).Tags;
        return others.GetTags(arn, context) ?? throw NotFound(arn);
    }

    private void Change(string arn, RequestContext context, string action, Func<IReadOnlyList<ResourceTag>, List<ResourceTag>> change)
    {
        List<ResourceTag> Limited(IReadOnlyList<ResourceTag> tags)
        {
            var changed = change(tags);
            if (changed.Count > limits.TagsPerResource) throw ApiErrors.LimitExceeded();
            return changed;
        }

        if (TryBus(arn, context, action, out var scope, out var name))
        {
            buses.Update(scope, name, bus => bus with { Tags = Limited(bus.Tags) });
            return;
        }
        if (!others.ChangeTags(arn, context, Limited)) throw NotFound(arn);
    }

    private static bool TryBus(string arn, RequestContext context, string action, out AccountRegion scope, out string name)
    {
        scope = default;
        name = "";
        if (!Arns.TryParseEventBus(arn, out _))
            return false;
        var resolved = BusReference.ResolveOwn(arn, context, action);
        (scope, name) = (resolved.Scope, resolved.Name);
        return true;
    }

    private static AwsServiceException NotFound(string arn)
    {
        if (Arns.TryParse(arn, out var parsed) && parsed.Resource.StartsWith("rule/", StringComparison.Ordinal))
        {
            var parts = parsed.Resource.Split('/');
            var (bus, rule) = parts.Length == 3 ? (parts[1], parts[2]) : (EventBuses.DefaultBusName, parts[^1]);
            return ApiErrors.NotFound($"Rule {rule} does not exist on EventBus {bus}.");
        }
        return ApiErrors.NotFound($"Resource {arn} not found.");
    }
}

/// <summary>Tags of resources other than buses (rules); null / false when no such resource exists.</summary>
public interface ITaggableResources
{
    IReadOnlyList<ResourceTag>? GetTags(string arn, RequestContext context);
    bool ChangeTags(string arn, RequestContext context, Func<IReadOnlyList<ResourceTag>, List<ResourceTag>> change);
}
