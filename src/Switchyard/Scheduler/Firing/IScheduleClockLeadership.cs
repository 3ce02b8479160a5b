namespace Switchyard.Scheduler.Firing;

/// <summary>
/// The one gate of the schedule clock: it fires only while this says so. The server gates it on the lease named
/// "scheduler" (<see cref="LeaseLeadership"/>), so of several processes on one database one fires for all; a clock on
/// its own (tests) always leads (<see cref="SoleProcessLeadership"/>).
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
