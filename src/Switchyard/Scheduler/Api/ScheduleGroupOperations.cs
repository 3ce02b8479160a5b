using Switchyard.Api;
using Switchyard.Protocol;
using Switchyard.Scheduler.Domain;
using Switchyard.Scheduler.Firing;
using Switchyard.Scheduler.Protocol;
using Switchyard.Storage.Versioned;

namespace Switchyard.Scheduler.Api;

/// <summary>CreateScheduleGroup, GetScheduleGroup, DeleteScheduleGroup (with its schedules) and ListScheduleGroups.</summary>
public sealed class ScheduleGroupOperations(SchedulerStore store, ScheduleGroups groups, ScheduleChangeSignal changes) : ISchedulerOperationGroup
{
    private const int DefaultPageSize = 100;

    public void Register(OperationRegistry registry)
    {
        registry.Add<CreateScheduleGroupInput, CreateScheduleGroupOutput>("CreateScheduleGroup", Create);
        registry.Add<GetScheduleGroupInput, GetScheduleGroupOutput>("GetScheduleGroup", Get);
        registry.Add<DeleteScheduleGroupInput, DeleteScheduleGroupOutput>("DeleteScheduleGroup", Delete);
        registry.Add<ListScheduleGroupsInput, ListScheduleGroupsOutput>("ListScheduleGroups", List);
    }

    private CreateScheduleGroupOutput Create(CreateScheduleGroupInput input, RequestContext context)
    {
        if (groups.Find(context.Scope, input.Name!) is { } existing)
        {
            if (input.ClientToken is not null && existing.Value.ClientToken == input.ClientToken)
                return new CreateScheduleGroupOutput { ScheduleGroupArn = existing.Value.Arn };
            throw SchedulerErrors.Conflict($"Schedule group {input.Name} already exists.");
        }
        var group = new ScheduleGroup
        {
            AccountId = context.AccountId,
            Region = context.Region,
            Name = input.Name!,
            CreationDate = context.ReceivedAt,
            LastModificationDate = context.ReceivedAt,
            Tags = SchedulerTagOperations.Merge([], input.Tags ?? []),
            ClientToken = input.ClientToken,
        };
        try
        {
            store.Store.Commit([SchedulerStore.Write(SchedulerStore.GroupKey(context.Scope, group.Name), 0, group)]);
        }
        catch (VersionConflictException)
        {
            throw SchedulerErrors.Conflict($"Schedule group {input.Name} already exists.");
        }
        return new CreateScheduleGroupOutput { ScheduleGroupArn = group.Arn };
    }

    private GetScheduleGroupOutput Get(GetScheduleGroupInput input, RequestContext context)
    {
        var group = groups.Require(context.Scope, input.Name!).Value;
        return new GetScheduleGroupOutput
        {
            Arn = group.Arn,
            CreationDate = group.CreationDate,
            LastModificationDate = group.LastModificationDate,
            Name = group.Name,
            State = "ACTIVE",
        };
    }

    /// <summary>
    /// Deletes the group and every schedule in it in one commit. AWS marks the group DELETING and removes it in the
    /// background; here the deletion is complete when the call returns (docs/compat.md).
    /// </summary>
    private DeleteScheduleGroupOutput Delete(DeleteScheduleGroupInput input, RequestContext context)
    {
        if (input.Name == SchedulerKinds.DefaultGroup)
            throw SchedulerErrors.Validation("Cannot delete the default schedule group.");
        var group = groups.Require(context.Scope, input.Name!);
        var writes = new List<ResourceWrite> { new(group.Key, group.Version, null) };
        foreach (var schedule in store.ListSchedules(context.Scope).Where(s => s.Value.GroupName == input.Name))
        {
            writes.Add(new ResourceWrite(schedule.Key, schedule.Version, null));
            if (store.Store.Get(SchedulerStore.FiringKey(schedule.Key)) is { } firing) writes.Add(new ResourceWrite(firing.Key, firing.Version, null));
        }
        try
        {
            store.Store.Commit(writes);
        }
        catch (VersionConflictException)
        {
            throw SchedulerErrors.Conflict($"Schedule group {input.Name} changed while it was being deleted; retry.");
        }
        changes.Notify();
        return new DeleteScheduleGroupOutput();
    }

    private ListScheduleGroupsOutput List(ListScheduleGroupsInput input, RequestContext context)
    {
        var matching = groups.List(context.Scope)
            .Select(g => g.Value)
            .Where(g => input.NamePrefix is null || g.Name.StartsWith(input.NamePrefix, StringComparison.Ordinal))
            .ToList();
        var (page, next) = Switchyard.Api.Pagination.Page(matching, g => g.Name, input.NextToken, input.MaxResults ?? DefaultPageSize);
        return new ListScheduleGroupsOutput
        {
            ScheduleGroups = page.Select(g => new ScheduleGroupSummary
            {
                Arn = g.Arn,
                CreationDate = g.CreationDate,
                LastModificationDate = g.LastModificationDate,
                Name = g.Name,
                State = "ACTIVE",
            }).ToList(),
            NextToken = next,
        };
    }
}
