using Switchyard.Domain;
using Switchyard.Scheduler.Domain;
using Switchyard.Scheduler.Firing;
using Switchyard.Scheduler.Protocol;
using Switchyard.Storage.Versioned;

namespace Switchyard.Scheduler.Api;

/// <summary>
/// The schedule groups of an account and region, with the <c>default</c> group every account has in every region:
/// it is written on first use (an idempotent create), so it has a creation date and takes tags like any other.
/// </summary>
public sealed class ScheduleGroups(SchedulerStore store, SchedulerTime time)
{
    public Versioned<ScheduleGroup>? Find(AccountRegion scope, string name)
    {
        var key = SchedulerStore.GroupKey(scope, name);
        var found = store.GetGroup(key);
        if (found is not null || name != SchedulerKinds.DefaultGroup) return found;
        EnsureDefault(scope);
        return store.GetGroup(key);
    }

    public Versioned<ScheduleGroup> Require(AccountRegion scope, string name) =>
        Find(scope, name) ?? throw SchedulerErrors.NotFound($"Schedule group {name} does not exist.");

    public IReadOnlyList<Versioned<ScheduleGroup>> List(AccountRegion scope)
    {
        EnsureDefault(scope);
        return store.ListGroups(scope).ToList();
    }

    private void EnsureDefault(AccountRegion scope)
    {
        var key = SchedulerStore.GroupKey(scope, SchedulerKinds.DefaultGroup);
        if (store.Store.Get(key) is not null) return;
        var now = time.GetUtcNow();
        try
        {
            store.Store.Commit([SchedulerStore.Write(key, 0, new ScheduleGroup
            {
                AccountId = scope.AccountId,
                Region = scope.Region,
                Name = SchedulerKinds.DefaultGroup,
                CreationDate = now,
                LastModificationDate = now,
            })]);
        }
        catch (VersionConflictException)
        {
            // Another request (or process) created it first: the same outcome.
        }
    }
}
