namespace Switchyard.Delivery.Scheduling;

/// <summary>
/// What the scheduler keeps on disk per scheduled rule, so a restart neither shifts a rate schedule's phase nor
/// forgets whether a firing was missed while the server was down.
/// </summary>
/// <param name="RuleKey">The rule's catalog identity (account/region/bus/name).</param>
/// <param name="Expression">The ScheduleExpression this progress belongs to; a different one starts afresh.</param>
/// <param name="Anchor">When the schedule started (rule created or enabled): rate firings are anchor + k·period.</param>
/// <param name="LastFiredAt">The scheduled time of the last firing handed to the event sink, if any.</param>
public sealed record ScheduleProgress(string RuleKey, string Expression, DateTimeOffset Anchor, DateTimeOffset? LastFiredAt);
