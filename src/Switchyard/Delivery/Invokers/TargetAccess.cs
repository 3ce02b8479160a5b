using Switchyard.Domain;
using Switchyard.Domain.Access;
using Switchyard.Policies;

namespace Switchyard.Delivery.Invokers;

/// <summary>
/// Whether a rule may deliver to a target resource (Lambda function, SQS queue, log group) of an account, decided as
/// AWS decides it for cross-account targets (EventBridge user guide, "Sending events to an AWS service in another
/// account"): the target's resource policy must allow the action to the rule's execution role (the target's
/// <c>RoleArn</c>, which must be in the rule's account) or, without a role, to <c>events.amazonaws.com</c> acting for
/// the rule (<c>aws:SourceArn</c> = the rule ARN, <c>aws:SourceAccount</c> = its account). The owner's own rules are
/// allowed unless a policy denies them. The policy decision is <see cref="BusAccessAuthorizer"/>'s, the one event-bus
/// targets use. A refusal is <c>NO_PERMISSIONS</c>, not retried: a failed invocation, dead-lettered.
/// </summary>
public sealed class TargetAccess(BusAccessAuthorizer authorizer)
{
    public const string EventsService = "events.amazonaws.com";

    /// <summary>Null when every action is allowed; otherwise the failure to report.</summary>
    public InvocationResult? Check(TargetInvocation invocation, string ownerAccount, string resourceArn, IReadOnlyList<string> actions,
        TargetGrant grant, string noun) =>
        Check(invocation.Rule.Scope.AccountId, invocation.Rule.Arn, invocation.Target.RoleArn, ownerAccount, resourceArn, actions, grant, noun);

    /// <summary>The same for a rule known by its ARN (a dead-letter queue is written as <c>events.amazonaws.com</c>, without a role).</summary>
    public InvocationResult? Check(string ruleAccount, string ruleArn, string? role, string ownerAccount, string resourceArn,
        IReadOnlyList<string> actions, TargetGrant grant, string noun)
    {
        if (role is not null && (!Arns.TryParse(role, out var roleArn) || roleArn.AccountId != ruleAccount))
        {
            // Naming another account's role would let a rule borrow that account's grants.
            return Refused($"Rule {ruleArn} cannot use execution role {role}: it must be a role of account {ruleAccount}");
        }

        foreach (var action in actions)
        {
            var request = new BusAccessAuthorizer.Request(ruleAccount, action, resourceArn)
            {
                CallerArn = role,
                CallerService = role is null ? EventsService : null,
                SourceArn = role is null ? ruleArn : null,
                WithOrganization = role is not null,
            };
            BusAccessAuthorizer.Decision decision;
            try
            {
                decision = Decide(ownerAccount, grant, request, noun);
            }
            catch (MalformedPolicyException error)
            {
                return Refused($"The {noun} policy of {resourceArn} is not valid: {error.Message}");
            }
            if (!decision.Allowed)
            {
                var principal = role ?? $"{EventsService} for rule {ruleArn}";
                return Refused($"{principal} is not authorized to perform: {action} on resource: {resourceArn}: {decision.Reason}");
            }
        }
        return null;
    }

    /// <summary>An explicit Deny in any policy wins; then <c>allowAccounts</c> or any policy's Allow grants it.</summary>
    private BusAccessAuthorizer.Decision Decide(string ownerAccount, TargetGrant grant, BusAccessAuthorizer.Request request, string noun)
    {
        var decisions = grant.Policies.Count == 0
            ? [authorizer.AuthorizeResource(ownerAccount, null, request, noun)]
            : grant.Policies.Select(policy => authorizer.AuthorizeResource(ownerAccount, policy, request, noun)).ToList();
        var denied = decisions.FirstOrDefault(d => d.Evaluation?.Decision == PolicyDecision.ExplicitDeny);
        if (denied is not null) return denied;
        if (grant.AllowAccounts.Contains(request.CallerAccount))
            return new BusAccessAuthorizer.Decision(true, null, $"account {request.CallerAccount} is in the {noun}'s allowAccounts");
        return decisions.FirstOrDefault(d => d.Allowed) ?? decisions[0];
    }

    private static InvocationResult Refused(string message) => InvocationResult.Failure(DeliveryErrorCodes.NoPermissions, message, retryable: false);
}
