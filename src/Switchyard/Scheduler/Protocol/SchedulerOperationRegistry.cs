using Switchyard.Protocol;

namespace Switchyard.Scheduler.Protocol;

/// <summary>Scheduler's operations, with its own generated serializer context; every ISchedulerOperationGroup in DI is served.</summary>
public sealed class SchedulerOperationRegistry
{
    public SchedulerOperationRegistry(IEnumerable<ISchedulerOperationGroup> groups)
    {
        foreach (var group in groups) group.Register(Registry);
    }

    public OperationRegistry Registry { get; } = new(SchedulerJsonContext.Default);
}

/// <summary>A set of Scheduler operations (one file in Scheduler/Api).</summary>
public interface ISchedulerOperationGroup
{
    void Register(OperationRegistry registry);
}
