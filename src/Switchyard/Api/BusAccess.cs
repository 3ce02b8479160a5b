using System.Text.Json;
using Switchyard.Domain;
using Switchyard.Domain.Access;
using Switchyard.Domain.Buses;
using Switchyard.Domain.Rules;
using Switchyard.Protocol;

namespace Switchyard.Api;

/// <summary>
/// Rule management on another account's bus (PutRule, PutTargets, DeleteRule, ... with a bus ARN), allowed where the
/// bus policy grants the action on <c>rule/BUS/NAME</c>, with the <c>events:creatorAccount</c> and
/// <c>events:source</c> condition keys filled in as EventBridge does.
/// </summary>
public sealed class BusAccess(EventBusCatalog buses, RuleCatalog rules, BusAccessAuthorizer authorizer)
{
    /// <summary>Resolves the bus of a rule operation and checks a foreign caller against the bus policy.</summary>
    /// <param name="pattern">For PutRule: the rule's pattern, whose <c>source</c> values become <c>events:source</c>.</param>
    public BusReference.Resolved ForRule(string? busNameOrArn, RequestContext context, string action, string ruleName, string? pattern = null)
    {
        var target = BusReference.Resolve(busNameOrArn, context);
        if (!target.IsForeign) return target;

        var ruleArn = Arns.Rule(target.Scope, target.Name, ruleName);
        if (!buses.TryGet(target.Scope, target.Name, out var bus))
            throw ApiErrors.AccessDenied(context.PrincipalArn, action, ruleArn);
        var creator = rules.TryGet(target.Scope, target.Name, ruleName, out var existing) ? existing.CreatedBy : context.AccountId;
        var decision = authorizer.Authorize(bus, new BusAccessAuthorizer.Request(context.AccountId, action, ruleArn)
        {
            CreatorAccount = creator,
            Sources = pattern is null ? null : PatternSources(pattern),
        });
        if (!decision.Allowed) throw ApiErrors.AccessDenied(context.PrincipalArn, action, ruleArn);
        return target;
    }

    /// <summary>The string values of a pattern's top-level <c>source</c> field (empty when it has none).</summary>
    public static IReadOnlyList<string> PatternSources(string pattern)
    {
        using var document = JsonDocument.Parse(pattern);
        if (document.RootElement.ValueKind != JsonValueKind.Object ||
            !document.RootElement.TryGetProperty("source", out var source) || source.ValueKind != JsonValueKind.Array)
            return [];
        return source.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList();
    }
}
