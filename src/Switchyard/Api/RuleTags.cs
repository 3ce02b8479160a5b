using Switchyard.Domain;
using Switchyard.Domain.Buses;
using Switchyard.Domain.Rules;
using Switchyard.Protocol;

namespace Switchyard.Api;

/// <summary>Tags on rules, found by rule ARN (<c>rule/NAME</c> on the default bus, <c>rule/BUS/NAME</c> otherwise).</summary>
public sealed class RuleTags(RuleCatalog rules) : ITaggableResources
{
    public IReadOnlyList<ResourceTag>? GetTags(string arn, RequestContext context) =>
        TryLocate(arn, context, out var scope, out var bus, out var name) && rules.TryGet(scope, bus, name, out var rule) ? rule.Tags : null;

    public bool ChangeTags(string arn, RequestContext context, Func<IReadOnlyList<ResourceTag>, List<ResourceTag>> change)
    {
        if (!TryLocate(arn, context, out var scope, out var bus, out var name) || !rules.TryGet(scope, bus, name, out _)) return false;
        rules.Update(scope, bus, name, rule => rule with { Tags = change(rule.Tags) });
        return true;
    }

    private static bool TryLocate(string arn, RequestContext context, out AccountRegion scope, out string bus, out string name)
    {
        (scope, bus, name) = (default, "", "");
        if (!Arns.TryParse(arn, out var parsed) || parsed.Service != "events" || !parsed.Resource.StartsWith("rule/", StringComparison.Ordinal))
            return false;
        if (parsed.AccountId != context.AccountId)
            throw ApiErrors.AccessDenied(context.PrincipalArn, "events:TagResource", arn);
        var parts = parsed.Resource.Split('/');
        (bus, name) = parts.Length == 3 ? (parts[1], parts[2]) : (EventBuses.DefaultBusName, parts[^1]);
        scope = parsed.Scope;
        return true;
    }
}
