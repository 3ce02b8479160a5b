using Switchyard.Domain.Routing;
using Switchyard.Delivery.Journal;
using Switchyard.Domain.Rules;
using Switchyard.Domain.Targets;

namespace Switchyard.Delivery.Dispatch;

/// <summary>
/// Resolves a delivery that is not a rule's: an EventBridge Scheduler invocation (<see cref="DeliveryTask.IsScheduled"/>).
/// Such a delivery carries its whole target in the journaled event (a schedule deleted after its last firing still
/// owes that firing's retries), and the resolver turns it into what the dispatcher and the invokers work with: a
/// stand-in rule named by the schedule's ARN, a target with the schedule's RetryPolicy and dead-letter queue, the
/// event an event-bus target receives, and the payload of each attempt (Scheduler substitutes the attempt number).
/// </summary>
public interface IScheduledTargetResolver
{
    /// <summary>Null, with the reason, when the journaled invocation cannot be read.</summary>
    ResolvedDelivery? Resolve(PendingDelivery delivery, out string reason);
}

/// <param name="Event">What the invokers see as the event: an EventBridge event for a bus target.</param>
/// <param name="PayloadForAttempt">The target's payload for attempt N (1-based).</param>
/// <param name="ExecutionId">Written on a dead letter as EXECUTION_ID.</param>
public sealed record ResolvedDelivery(Rule Rule, RuleTarget Target, AcceptedEvent Event, Func<int, byte[]> PayloadForAttempt, string ExecutionId);
