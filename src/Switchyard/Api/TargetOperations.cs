using Switchyard.Api.Mapping;
using Switchyard.Domain;
using Switchyard.Domain.Rules;
using Switchyard.Domain.Targets;
using Switchyard.Protocol;
using Switchyard.Protocol.Model;
using Switchyard.Settings;

namespace Switchyard.Api;

/// <summary>PutTargets, RemoveTargets, ListTargetsByRule.</summary>
public sealed class TargetOperations(RuleCatalog rules, BusAccess access, CrossAccountTargets crossAccount, ServiceLimits limits) : IOperationGroup
{
    public void Register(OperationRegistry registry)
    {
        registry.Add<PutTargetsRequest, PutTargetsResponse>("PutTargets", PutTargets);
        registry.Add<RemoveTargetsRequest, RemoveTargetsResponse>("RemoveTargets", RemoveTargets);
        registry.Add<ListTargetsByRuleRequest, ListTargetsByRuleResponse>("ListTargetsByRule", ListTargetsByRule);
    }

    private PutTargetsResponse PutTargets(PutTargetsRequest request, RequestContext context)
    {
        var bus = access.ForRule(request.EventBusName, context, "events:PutTargets", request.Rule!);
        var given = request.Targets!.Select(TargetMapping.ToDomain).ToList();
        foreach (var target in given)
        {
            TargetValidator.Validate(target, bus.Scope);
            crossAccount.Validate(target, bus.Scope);
        }

        rules.Update(bus.Scope, bus.Name, request.Rule!, rule =>
        {
            if (rule.ManagedBy is not null) throw new AwsServiceException(AwsErrorCodes.ManagedRuleException,
                $"Rule {rule.Name} is managed by {rule.ManagedBy} and cannot be changed.");
            var targets = rule.Targets.ToList();
            foreach (var target in given)
            {
                var index = targets.FindIndex(t => t.Id == target.Id);
                if (index >= 0)
                {
                    // "A PutTargets call without a role on the same target (same Id and Arn) will not remove the role."
                    var kept = target.RoleArn is null && targets[index].Arn == target.Arn ? target with { RoleArn = targets[index].RoleArn } : target;
                    targets[index] = kept;
                }
                else
                {
                    targets.Add(target);
                }
            }
            if (targets.Count > limits.TargetsPerRule) throw ApiErrors.LimitExceeded();
            return rule with { Targets = targets };
        });
        return new PutTargetsResponse { FailedEntryCount = 0, FailedEntries = [] };
    }

    private RemoveTargetsResponse RemoveTargets(RemoveTargetsRequest request, RequestContext context)
    {
        var bus = access.ForRule(request.EventBusName, context, "events:RemoveTargets", request.Rule!);
        var ids = request.Ids!.ToHashSet(StringComparer.Ordinal);
        rules.Update(bus.Scope, bus.Name, request.Rule!, rule =>
        {
            if (rule.ManagedBy is not null && request.Force != true) throw new AwsServiceException(AwsErrorCodes.ManagedRuleException,
                $"Rule {rule.Name} is managed by {rule.ManagedBy} and cannot be changed; use Force to remove its targets.");
            return rule with { Targets = rule.Targets.Where(t => !ids.Contains(t.Id)).ToList() };
        });
        return new RemoveTargetsResponse { FailedEntryCount = 0, FailedEntries = [] };
    }

    private ListTargetsByRuleResponse ListTargetsByRule(ListTargetsByRuleRequest request, RequestContext context)
    {
        var bus = access.ForRule(request.EventBusName, context, "events:ListTargetsByRule", request.Rule!);
        var rule = rules.Get(bus.Scope, bus.Name, request.Rule!);
        var sorted = rule.Targets.OrderBy(t => t.Id, StringComparer.Ordinal).ToList();
        var (page, next) = Pagination.Page(sorted, t => t.Id, request.NextToken, request.Limit);
        return new ListTargetsByRuleResponse { Targets = page.Select(TargetMapping.ToWire).ToList(), NextToken = next };
    }
}
