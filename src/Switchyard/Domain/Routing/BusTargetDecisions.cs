using Switchyard.Domain.Access;
using Switchyard.Domain.Rules;

namespace Switchyard.Domain.Routing;

/// <summary>
/// What EventBridge decides when a rule's target is an event bus, in one place so that delivery (the dispatcher and
/// the bus-target invoker) and <c>switchyard explain</c> give the same answer by asking the same functions.
/// </summary>
public static class BusTargetDecisions
{
    /// <summary>
    /// AWS routes an event across one bus-to-bus hop only: an event that already came through a bus target
    /// (<paramref name="hop"/> 1 or more) is not sent on to another bus.
    /// </summary>
    public static bool ExceedsHopLimit(ParsedArn targetArn, int hop) => hop >= 1 && Arns.IsEventBus(targetArn);

    /// <summary>
    /// The question to put to the receiving bus's policy when a rule delivers to another account's bus: may the
    /// rule's account <c>events:PutEvents</c> there, as EventBridge acting for the rule (<c>events:eventBusInvocation</c>
    /// true, <c>aws:SourceArn</c> the rule), with the event's source and detail-type. Null within one account: a bus
    /// takes its own account's events without asking its policy.
    /// </summary>
    public static BusAccessAuthorizer.Request? CrossAccountRequest(Rule rule, EventBusArn target, string targetArn, string? source, string? detailType) =>
        target.Scope.AccountId == rule.AccountId
            ? null
            : new BusAccessAuthorizer.Request(rule.AccountId, "events:PutEvents", targetArn)
            {
                EventBusInvocation = true,
                SourceArn = rule.Arn,
                CreatorAccount = rule.CreatedBy,
                Sources = [source ?? ""],
                DetailTypes = [detailType ?? ""],
            };
}
