using Switchyard.Domain.Routing;
using Switchyard.Domain.Rules;

namespace Switchyard.Delivery.Scheduling;

/// <summary>
/// Builds what one firing hands to the event sink: AWS's "Scheduled Event" envelope and one delivery per target of
/// the firing rule. The event goes to that rule's targets only; it is not put on the bus, so no other rule's
/// pattern sees it (as on AWS, where scheduled events are not matched against event patterns).
/// </summary>
public static class ScheduledEventFactory
{
    public const string DetailType = "Scheduled Event";
    public const string Source = "aws.events";

    public static (AcceptedEvent Event, IReadOnlyList<DeliveryTask> Deliveries) Create(Rule rule, DateTimeOffset scheduledAt, DateTimeOffset now, string eventId)
    {
        var envelope = EventEnvelope.Write(new EventEnvelope.Fields(
            eventId,
            DetailType,
            Source,
            rule.AccountId,
            scheduledAt,
            rule.Region,
            [rule.Arn],
            "{}"));
        var accepted = new AcceptedEvent(eventId, rule.Scope, rule.BusName, envelope, now, Hop: 0);
        var deliveries = rule.Targets
            .Select(target => new DeliveryTask(eventId, rule.Scope, rule.BusName, rule.Name, target.Id))
            .ToList();
        return (accepted, deliveries);
    }
}
