namespace Switchyard.Domain.Routing;

/// <summary>
/// Where accepted events go: the sink makes them durable (the journal) together with the deliveries their matched
/// rules call for, and only then completes, so the API can answer success. Delivery happens afterwards.
/// </summary>
public interface IEventSink
{
    ValueTask AcceptAsync(IReadOnlyList<AcceptedEvent> events, IReadOnlyList<DeliveryTask> deliveries, CancellationToken cancellation);
}

/// <summary>An event as put on a bus: its envelope as sent to targets (UTF-8 JSON).</summary>
/// <param name="Hop">0 for an event put through the API or a schedule; 1 once it arrived through a bus target.</param>
public sealed record AcceptedEvent(
    string EventId,
    AccountRegion BusScope,
    string BusName,
    byte[] Envelope,
    DateTimeOffset IngestedAt,
    int Hop)
{
    /// <summary>
    /// The archives this event goes into (null: none). Journals that store archives write its rows in the same
    /// transaction as the event; one that does not ignores it.
    /// </summary>
    public ArchiveCapture? Archives { get; init; }
}

/// <summary>One target of one matched rule to receive one event.</summary>
/// <remarks>
/// An EventBridge Scheduler invocation is a task too, without a bus: <see cref="BusName"/> is empty (no bus has an
/// empty name), <see cref="RuleName"/> is the schedule's <c>GROUP/NAME</c>, and the event is the journaled invocation
/// (the delivery dispatcher's IScheduledTargetResolver). The journal stores it like any other task.
/// </remarks>
public sealed record DeliveryTask(
    string EventId,
    AccountRegion RuleScope,
    string BusName,
    string RuleName,
    string TargetId)
{
    public const string ScheduledTargetId = "scheduler";

    /// <summary>An EventBridge Scheduler invocation rather than a rule's target.</summary>
    public bool IsScheduled => BusName.Length == 0;

    public static DeliveryTask ForSchedule(string executionId, AccountRegion scope, string groupName, string scheduleName) =>
        new(executionId, scope, "", $"{groupName}/{scheduleName}", ScheduledTargetId);
}
