using Switchyard.Domain;

namespace Switchyard.Delivery.Scheduling;

/// <summary>One due firing of one rule: <paramref name="ScheduledAt"/> is the schedule's time, which the event carries.</summary>
public sealed record ScheduledFiring(AccountRegion Scope, string BusName, string RuleName, string Expression, DateTimeOffset ScheduledAt);
