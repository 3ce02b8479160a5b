using Switchyard.Domain;
using Switchyard.Domain.Access;
using Switchyard.Domain.Buses;
using Switchyard.Domain.Targets;

namespace Switchyard.Api;

/// <summary>
/// PutTargets rules for a target that is another account's event bus, as AWS documents them: no Input, InputPath or
/// InputTransformer; and where the receiving bus admits the sender only through an organization grant
/// (<c>aws:PrincipalOrgID</c>), the target must carry a RoleArn.
/// </summary>
public sealed class CrossAccountTargets(EventBusCatalog buses, BusAccessAuthorizer authorizer)
{
    public void Validate(RuleTarget target, AccountRegion ruleScope)
    {
        if (!Arns.TryParseEventBus(target.Arn, out var arn) || arn.Scope.AccountId == ruleScope.AccountId)
            return;

        if (target.ShapesInput)
            throw ApiErrors.Validation(
                $"Input, InputPath, and InputTransformer are not available for target {target.Id}: its Arn is an event bus in another account.");

        if (target.RoleArn is not null) return;
        if (!buses.TryGet(arn.Scope, arn.Name, out var bus)) return;
        var request = new BusAccessAuthorizer.Request(ruleScope.AccountId, "events:PutEvents", target.Arn) { EventBusInvocation = true };
        var asAccount = authorizer.Authorize(bus, request with { WithOrganization = false });
        var asMember = authorizer.Authorize(bus, request);
        if (!asAccount.Allowed && asMember.Allowed)
            throw ApiErrors.Validation($"RoleArn is required for target {target.Arn}.");
    }
}
