using Switchyard.Storage.Leases;

namespace Switchyard.Scheduler.Firing;

/// <summary>The schedule clock leads while this process holds the "scheduler" lease (renewed by the lease keeper).</summary>
public sealed class LeaseLeadership(LeaseKeeper leases) : IScheduleClockLeadership
{
    public bool IsLeader => leases.Holds(LeaseNames.Scheduler);
}
