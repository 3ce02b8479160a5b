namespace Switchyard.Scheduler.Firing;

/// <summary>
/// The one gate of the schedule clock: it fires only while this says so. On a cluster the lead wires it to a lease
/// (named "scheduler"), so one process fires for all; alone, a process always leads (<see cref="SoleProcessLeadership"/>).
/// The firing state's compare-and-swap still keeps two clocks from both advancing the same firing.
/// </summary>
public interface IScheduleClockLeadership
{
    bool IsLeader { get; }
}

public sealed class SoleProcessLeadership : IScheduleClockLeadership
{
    public bool IsLeader => true;
}
