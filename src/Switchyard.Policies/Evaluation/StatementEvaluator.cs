using Switchyard.Policies.Conditions;

namespace Switchyard.Policies.Evaluation;

/// <summary>
/// Decides whether one statement applies to a request, checking principal, action, resource and condition in
/// that order and reporting the first element that does not match.
/// </summary>
internal static class StatementEvaluator
{
    public static StatementTrace Evaluate(CompiledStatement compiled, int index, RequestContext request)
    {
        var statement = compiled.Statement;
        StatementTrace Fail(StatementElement element, string why, string? op = null, string? key = null) =>
            new(index, statement.Sid, statement.Effect, false, element, op, key, why);

        var caller = request.Request.PrincipalService ?? request.PrincipalArn;
        if (statement.Principal is { } principal && !PrincipalMatcher.Matches(principal, request))
            return Fail(StatementElement.Principal, $"Principal does not name {caller}");
        if (statement.NotPrincipal is { } notPrincipal && PrincipalMatcher.Matches(notPrincipal, request))
            return Fail(StatementElement.NotPrincipal, $"NotPrincipal excludes {caller}");

        // Action names are case-insensitive in IAM ("events:putevents" is events:PutEvents).
        var action = request.Request.Action;
        if (compiled.Actions is { } actions && !actions.Any(a => a.Matches(action, ignoreCase: true)))
            return Fail(StatementElement.Action, $"Action does not include {action}");
        if (compiled.NotActions is { } notActions && notActions.Any(a => a.Matches(action, ignoreCase: true)))
            return Fail(StatementElement.NotAction, $"NotAction excludes {action}");

        var resource = request.Request.Resource;
        if (compiled.Resources is { } resources && !resources.Any(r => ResourceMatches(r, resource, request)))
            return Fail(StatementElement.Resource, $"Resource does not include {resource}");
        if (compiled.NotResources is { } notResources && notResources.Any(r => ResourceMatches(r, resource, request)))
            return Fail(StatementElement.NotResource, $"NotResource excludes {resource}");

        if (ConditionEvaluator.FirstFailure(compiled.Conditions, request) is { } failure)
            return Fail(StatementElement.Condition, $"Condition {failure.Operator}: {failure.Explanation}", failure.Operator, failure.Key);

        return new StatementTrace(index, statement.Sid, statement.Effect, true, null, null, null,
            statement.Effect == PolicyEffect.Allow ? "Statement allows the request" : "Statement denies the request");
    }

    // Resource ARNs are case-sensitive; a Resource value whose variable cannot be resolved matches nothing.
    private static bool ResourceMatches(PolicyVariableTemplate template, string resource, RequestContext request) =>
        template.Resolve(request, out _) is { } pattern && pattern.Matches(resource, ignoreCase: false);
}
