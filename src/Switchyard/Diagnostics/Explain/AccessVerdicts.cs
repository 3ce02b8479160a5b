using Switchyard.Domain.Access;
using Switchyard.Domain.Buses;
using Switchyard.Domain.Organizations;
using Switchyard.Policies;

namespace Switchyard.Diagnostics.Explain;

/// <summary>Asks <see cref="BusAccessAuthorizer"/> and turns its decision and policy trace into an <see cref="AccessVerdict"/>.</summary>
public sealed class AccessVerdicts(BusAccessAuthorizer authorizer, OrganizationDirectory organizations)
{
    public AccessVerdict Decide(EventBus bus, BusAccessAuthorizer.Request request)
    {
        var decision = authorizer.Authorize(bus, request);
        var trace = decision.Evaluation?.Trace ?? [];
        // The deciding statement is the first applying one with the deciding effect (PolicyEvaluator's rule).
        var deciding = decision.Evaluation?.Decision switch
        {
            PolicyDecision.ExplicitDeny => trace.FirstOrDefault(t => t.Applies && t.Effect == PolicyEffect.Deny),
            PolicyDecision.Allow => trace.FirstOrDefault(t => t.Applies && t.Effect == PolicyEffect.Allow),
            _ => null,
        };
        return new AccessVerdict(
            request.CallerAccount,
            request.Action,
            request.ResourceArn,
            decision.Allowed,
            decision.Reason,
            request.WithOrganization ? organizations.OrganizationOf(request.CallerAccount) : null,
            deciding?.Index,
            deciding?.Sid,
            trace.Select(t => new StatementVerdict(
                t.Index,
                t.Sid,
                t.Effect.ToString(),
                t.Applies,
                t.FailedElement?.ToString(),
                t.ConditionOperator,
                t.ConditionKey,
                t.Explanation)).ToList());
    }
}
