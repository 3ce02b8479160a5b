namespace Switchyard.Scheduler.Domain;

/// <summary>
/// Where a schedule's clock stands (kind <see cref="SchedulerKinds.Firing"/>), kept in the store next to the schedule
/// so a restart knows the firing it owes: <see cref="ScheduledTime"/> is the next firing by the expression,
/// <see cref="FireAt"/> when it goes out (later within a flexible time window), null when none is left.
/// <see cref="ScheduleVersion"/> is the schedule version it was computed from: an update recomputes it.
/// </summary>
public sealed record FiringState(long ScheduleVersion, DateTimeOffset? ScheduledTime, DateTimeOffset? FireAt);
