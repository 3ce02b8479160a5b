using Switchyard.Policies.Evaluation;

namespace Switchyard.Policies;

/// <summary>
/// Evaluates a resource policy for one request with IAM's rules: an applying Deny always wins, otherwise an
/// applying Allow allows, otherwise the request is implicitly denied. Every statement is evaluated (no
/// short-circuit) so the trace can explain each one.
/// </summary>
public static class PolicyEvaluator
{
    public static PolicyEvaluation Evaluate(PolicyDocument policy, PolicyRequest request)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(request);

        var context = new RequestContext(request);
        var trace = new StatementTrace[policy.Compiled.Count];
        PolicyStatement? firstAllow = null, firstDeny = null;
        for (var i = 0; i < trace.Length; i++)
        {
            trace[i] = StatementEvaluator.Evaluate(policy.Compiled[i], i, context);
            if (!trace[i].Applies) continue;
            if (trace[i].Effect == PolicyEffect.Deny) firstDeny ??= policy.Statements[i];
            else firstAllow ??= policy.Statements[i];
        }

        if (firstDeny is not null) return new PolicyEvaluation(PolicyDecision.ExplicitDeny, firstDeny, trace);
        if (firstAllow is not null) return new PolicyEvaluation(PolicyDecision.Allow, firstAllow, trace);
        return new PolicyEvaluation(PolicyDecision.ImplicitDeny, null, trace);
    }
}
