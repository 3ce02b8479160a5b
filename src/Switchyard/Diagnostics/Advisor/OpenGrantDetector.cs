using System.Collections.Concurrent;
using Switchyard.Domain.Buses;
using Switchyard.Policies;

namespace Switchyard.Diagnostics.Advisor;

/// <summary>
/// Finds the statements of a bus policy that let everyone put events on the bus with no condition: Effect Allow,
/// Principal <c>"*"</c> or <c>{"AWS": "*"}</c>, no Condition, and an Action and Resource that cover
/// <c>events:PutEvents</c> on the bus. (A grant limited by a condition, such as <c>aws:PrincipalOrgID</c>, is not one.)
/// </summary>
public sealed class OpenGrantDetector
{
    // A stranger to every organization, so only statements that hold for anyone apply.
    private const string AnyAccount = "000000000000";

    private readonly ConcurrentDictionary<(string Policy, string Arn), IReadOnlyList<OpenGrant>> _cache = new();

    public IReadOnlyList<OpenGrant> OpenGrants(EventBus bus)
    {
        if (bus.Policy is null) return [];
        if (_cache.TryGetValue((bus.Policy, bus.Arn), out var known)) return known;
        if (_cache.Count > 10_000) _cache.Clear();
        return _cache[(bus.Policy, bus.Arn)] = Find(bus.Policy, bus.Arn);
    }

    private static IReadOnlyList<OpenGrant> Find(string policy, string busArn)
    {
        PolicyDocument document;
        try
        {
            document = PolicyDocument.Parse(policy);
        }
        catch (MalformedPolicyException)
        {
            return []; // stored policies are validated; an unreadable one grants nothing
        }
        var evaluation = PolicyEvaluator.Evaluate(document, new PolicyRequest
        {
            PrincipalAccount = AnyAccount,
            Action = "events:PutEvents",
            Resource = busArn,
        });
        var found = new List<OpenGrant>();
        foreach (var trace in evaluation.Trace)
        {
            var statement = document.Statements[trace.Index];
            if (trace.Applies && statement.Effect == PolicyEffect.Allow && statement.Condition is not { Count: > 0 } && IsEveryone(statement.Principal))
                found.Add(new OpenGrant(trace.Index, statement.Sid));
        }
        return found;
    }

    private static bool IsEveryone(PolicyPrincipal? principal) =>
        principal is not null && (principal.IsWildcard ||
            principal.ByType.Any(p => p.Key == "AWS" && p.Value.Values.Contains("*")));
}
