using Switchyard.Api;
using Switchyard.Protocol;
using Switchyard.Scheduler.Domain;
using Switchyard.Scheduler.Firing;
using Switchyard.Scheduler.Protocol;
using Switchyard.Storage.Versioned;

namespace Switchyard.Scheduler.Api;

/// <summary>CreateSchedule, GetSchedule, UpdateSchedule, DeleteSchedule and ListSchedules.</summary>
public sealed class ScheduleOperations(SchedulerStore store, ScheduleGroups groups, ScheduleChangeSignal changes) : ISchedulerOperationGroup
{
    private const int DefaultPageSize = 100;

    public void Register(OperationRegistry registry)
    {
        registry.Add<CreateScheduleInput, CreateScheduleOutput>("CreateSchedule", Create);
        registry.Add<GetScheduleInput, GetScheduleOutput>("GetSchedule", Get);
        registry.Add<UpdateScheduleInput, UpdateScheduleOutput>("UpdateSchedule", Update);
        registry.Add<DeleteScheduleInput, DeleteScheduleOutput>("DeleteSchedule", Delete);
        registry.Add<ListSchedulesInput, ListSchedulesOutput>("ListSchedules", List);
    }

    private CreateScheduleOutput Create(CreateScheduleInput input, RequestContext context)
    {
        var groupName = input.GroupName ?? SchedulerKinds.DefaultGroup;
        groups.Require(context.Scope, groupName);
        var key = SchedulerStore.ScheduleKey(context.Scope, groupName, input.Name!);
        if (store.GetSchedule(key) is { } existing)
        {
            // A retried call (same ClientToken) gets the answer the first one got; anyone else finds the name taken.
            if (input.ClientToken is not null && existing.Value.ClientToken == input.ClientToken)
                return new CreateScheduleOutput { ScheduleArn = existing.Value.Arn };
            throw SchedulerErrors.Conflict($"Schedule {input.Name} already exists.");
        }
        ScheduleInputRules.Check(input.ScheduleExpression!, input.ScheduleExpressionTimezone, input.FlexibleTimeWindow!,
            input.StartDate, input.EndDate, input.Target!, context.ReceivedAt);

        var schedule = Settings(new Schedule
        {
            AccountId = context.AccountId,
            Region = context.Region,
            GroupName = groupName,
            Name = input.Name!,
            ScheduleExpression = input.ScheduleExpression!,
            State = ScheduleStates.Enabled,
            FlexibleTimeWindowMode = input.FlexibleTimeWindow!.Mode!,
            Target = ScheduleMapping.ToDomain(input.Target!),
            ActionAfterCompletion = "NONE",
            ClientToken = input.ClientToken,
            CreationDate = context.ReceivedAt,
            LastModificationDate = context.ReceivedAt,
        }, new(input.ScheduleExpression!, input.ScheduleExpressionTimezone, input.StartDate, input.EndDate, input.Description,
            input.State, input.FlexibleTimeWindow, input.Target!, input.ActionAfterCompletion, input.KmsKeyArn), context.ReceivedAt);
        Commit([SchedulerStore.Write(key, 0, schedule)],
            () => SchedulerErrors.Conflict($"Schedule {input.Name} already exists."));
        changes.Notify();
        return new CreateScheduleOutput { ScheduleArn = schedule.Arn };
    }

    private GetScheduleOutput Get(GetScheduleInput input, RequestContext context)
    {
        var groupName = input.GroupName ?? SchedulerKinds.DefaultGroup;
        return ScheduleMapping.ToWire(Require(context, groupName, input.Name!).Value);
    }

    private UpdateScheduleOutput Update(UpdateScheduleInput input, RequestContext context)
    {
        var groupName = input.GroupName ?? SchedulerKinds.DefaultGroup;
        var current = Require(context, groupName, input.Name!);
        ScheduleInputRules.Check(input.ScheduleExpression!, input.ScheduleExpressionTimezone, input.FlexibleTimeWindow!,
            input.StartDate, input.EndDate, input.Target!, context.ReceivedAt);
        // UpdateSchedule replaces every field: what the call leaves out goes back to its default, as AWS documents.
        var updated = Settings(current.Value, new(input.ScheduleExpression!, input.ScheduleExpressionTimezone, input.StartDate, input.EndDate,
            input.Description, input.State, input.FlexibleTimeWindow!, input.Target!, input.ActionAfterCompletion, input.KmsKeyArn), context.ReceivedAt);
        Commit([SchedulerStore.Write(current.Key, current.Version, updated)],
            () => SchedulerErrors.Conflict($"Schedule {input.Name} was changed by another request; retry."));
        changes.Notify();
        return new UpdateScheduleOutput { ScheduleArn = updated.Arn };
    }

    private DeleteScheduleOutput Delete(DeleteScheduleInput input, RequestContext context)
    {
        var groupName = input.GroupName ?? SchedulerKinds.DefaultGroup;
        var current = Require(context, groupName, input.Name!);
        var writes = new List<ResourceWrite> { new(current.Key, current.Version, null) };
        if (store.Store.Get(SchedulerStore.FiringKey(current.Key)) is { } firing) writes.Add(new(firing.Key, firing.Version, null));
        Commit(writes, () => SchedulerErrors.Conflict($"Schedule {input.Name} was changed by another request; retry."));
        changes.Notify();
        return new DeleteScheduleOutput();
    }

    private ListSchedulesOutput List(ListSchedulesInput input, RequestContext context)
    {
        if (input.GroupName is { } groupName) groups.Require(context.Scope, groupName);
        var matching = store.ListSchedules(context.Scope)
            .Select(s => s.Value)
            .Where(s => input.GroupName is null || s.GroupName == input.GroupName)
            .Where(s => input.NamePrefix is null || s.Name.StartsWith(input.NamePrefix, StringComparison.Ordinal))
            .Where(s => input.State is null || s.State == input.State)
            .ToList();
        var (page, next) = Switchyard.Api.Pagination.Page(matching, s => $"{s.GroupName}/{s.Name}", input.NextToken, input.MaxResults ?? DefaultPageSize);
        return new ListSchedulesOutput { Schedules = page.Select(ScheduleMapping.ToSummary).ToList(), NextToken = next };
    }

    /// <summary>What CreateSchedule and UpdateSchedule both set (UpdateSchedule replaces all of it).</summary>
    private sealed record ScheduleSettings(string Expression, string? Timezone, DateTimeOffset? Start, DateTimeOffset? End, string? Description,
        string? State, FlexibleTimeWindow Window, Target Target, string? ActionAfterCompletion, string? KmsKeyArn);

    private static Schedule Settings(Schedule schedule, ScheduleSettings settings, DateTimeOffset now) => schedule with
    {
        ScheduleExpression = settings.Expression,
        ScheduleExpressionTimezone = settings.Timezone,
        StartDate = settings.Start,
        EndDate = settings.End,
        Description = settings.Description,
        State = settings.State ?? ScheduleStates.Enabled,
        FlexibleTimeWindowMode = settings.Window.Mode!,
        MaximumWindowInMinutes = settings.Window.MaximumWindowInMinutes,
        Target = ScheduleMapping.ToDomain(settings.Target),
        ActionAfterCompletion = settings.ActionAfterCompletion ?? "NONE",
        KmsKeyArn = settings.KmsKeyArn,
        LastModificationDate = now,
    };

    private Versioned<Schedule> Require(RequestContext context, string groupName, string name)
    {
        groups.Require(context.Scope, groupName);
        return store.GetSchedule(SchedulerStore.ScheduleKey(context.Scope, groupName, name))
            ?? throw SchedulerErrors.NotFound($"Schedule {name} does not exist.");
    }

    private void Commit(IReadOnlyList<ResourceWrite> writes, Func<Exception> onConflict)
    {
        try
        {
            store.Store.Commit(writes);
        }
        catch (VersionConflictException)
        {
            throw onConflict();
        }
    }
}
