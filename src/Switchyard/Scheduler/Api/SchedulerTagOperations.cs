using Switchyard.Api;
using Switchyard.Domain;
using Switchyard.Protocol;
using Switchyard.Scheduler.Domain;
using Switchyard.Scheduler.Protocol;
using Switchyard.Storage.Versioned;

namespace Switchyard.Scheduler.Api;

/// <summary>
/// TagResource, UntagResource and ListTagsForResource. Scheduler's model takes only schedule-group ARNs here
/// (TagResourceArn's pattern), so tags live on the group record.
/// </summary>
public sealed class SchedulerTagOperations(SchedulerStore store, ScheduleGroups groups) : ISchedulerOperationGroup
{
    /// <summary>AWS's limit of tags per resource (the model's TagList max).</summary>
    private const int MaxTags = 200;

    public void Register(OperationRegistry registry)
    {
        registry.Add<TagResourceInput, TagResourceOutput>("TagResource", Tag);
        registry.Add<UntagResourceInput, UntagResourceOutput>("UntagResource", Untag);
        registry.Add<ListTagsForResourceInput, ListTagsForResourceOutput>("ListTagsForResource", ListTags);
    }

    private TagResourceOutput Tag(TagResourceInput input, RequestContext context)
    {
        var group = Resolve(input.ResourceArn!, context);
        var tags = Merge(group.Value.Tags, input.Tags!);
        if (tags.Count > MaxTags) throw SchedulerErrors.Validation($"A resource can have at most {MaxTags} tags.");
        Save(group, group.Value with { Tags = tags });
        return new TagResourceOutput();
    }

    private UntagResourceOutput Untag(UntagResourceInput input, RequestContext context)
    {
        var group = Resolve(input.ResourceArn!, context);
        var remove = input.TagKeys!.ToHashSet(StringComparer.Ordinal);
        Save(group, group.Value with { Tags = group.Value.Tags.Where(t => !remove.Contains(t.Key)).ToList() });
        return new UntagResourceOutput();
    }

    private ListTagsForResourceOutput ListTags(ListTagsForResourceInput input, RequestContext context)
    {
        var group = Resolve(input.ResourceArn!, context);
        return new ListTagsForResourceOutput { Tags = group.Value.Tags.Select(t => new Tag { Key = t.Key, Value = t.Value }).ToList() };
    }

    /// <summary>The tags with <paramref name="added"/> applied: a key already there takes the new value.</summary>
    internal static List<ResourceTagPair> Merge(IReadOnlyList<ResourceTagPair> current, IEnumerable<Tag> added)
    {
        var result = current.ToList();
        foreach (var tag in added)
        {
            var index = result.FindIndex(t => t.Key == tag.Key);
            var pair = new ResourceTagPair(tag.Key!, tag.Value!);
            if (index >= 0) result[index] = pair;
            else result.Add(pair);
        }
        return result;
    }

    /// <summary>The group an ARN names, in the caller's own account and region only.</summary>
    private Versioned<ScheduleGroup> Resolve(string arn, RequestContext context)
    {
        if (!Arns.TryParse(arn, out var parsed) || parsed.Service != "scheduler" || !parsed.Resource.StartsWith("schedule-group/", StringComparison.Ordinal))
            throw SchedulerErrors.Validation($"Invalid resource ARN {arn}.");
        var name = parsed.Resource["schedule-group/".Length..];
        if (parsed.AccountId != context.AccountId || parsed.Region != context.Region)
            throw SchedulerErrors.NotFound($"Schedule group {name} does not exist.");
        return groups.Require(context.Scope, name);
    }

    private void Save(Versioned<ScheduleGroup> group, ScheduleGroup updated)
    {
        try
        {
            store.Store.Commit([SchedulerStore.Write(group.Key, group.Version, updated)]);
        }
        catch (VersionConflictException)
        {
            throw SchedulerErrors.Conflict($"Schedule group {group.Value.Name} was changed by another request; retry.");
        }
    }
}
