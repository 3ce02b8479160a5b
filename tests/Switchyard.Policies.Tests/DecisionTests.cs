using static Switchyard.Policies.Tests.TestPolicies;

namespace Switchyard.Policies.Tests;

/// <summary>How statements combine: explicit Deny wins, otherwise any Allow, otherwise implicit deny.</summary>
public class DecisionTests
{
    private const string AllowAll = """{"Sid":"allow","Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}""";
    private const string DenySender = """{"Sid":"deny","Effect":"Deny","Principal":{"AWS":"111122223333"},"Action":"events:PutEvents","Resource":"*"}""";
    private const string AllowSender = """{"Sid":"allow-sender","Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"events:*","Resource":"*"}""";

    private static PolicyDocument Policy(params string[] statements) =>
        PolicyDocument.Parse("{\"Version\":\"2012-10-17\",\"Statement\":[" + string.Join(",", statements) + "]}");

    [Fact]
    public void Deny_wins_over_allow_whatever_the_order()
    {
        foreach (var policy in new[] { Policy(AllowAll, DenySender), Policy(DenySender, AllowAll) })
        {
            var result = PolicyEvaluator.Evaluate(policy, Request(Sender));
            Assert.Equal(PolicyDecision.ExplicitDeny, result.Decision);
            Assert.Equal("deny", result.DecidingStatement?.Sid);
            Assert.All(result.Trace, t => Assert.True(t.Applies));
        }
    }

    [Fact]
    public void Deny_for_one_principal_leaves_others_allowed() =>
        Assert.Equal(PolicyDecision.Allow, Decide(Policy(AllowAll, DenySender), Request(Stranger)));

    [Fact]
    public void Deny_alone_never_allows()
    {
        Assert.Equal(PolicyDecision.ExplicitDeny, Decide(Policy(DenySender), Request(Sender)));
        Assert.Equal(PolicyDecision.ImplicitDeny, Decide(Policy(DenySender), Request(Stranger)));
    }

    [Fact]
    public void The_first_applying_Allow_is_the_deciding_statement()
    {
        var policy = Policy(AllowSender, AllowAll);
        var result = PolicyEvaluator.Evaluate(policy, Request(Sender));
        Assert.Equal(PolicyDecision.Allow, result.Decision);
        Assert.Same(policy.Statements[0], result.DecidingStatement);
    }

    [Fact]
    public void Nothing_applying_is_an_implicit_deny_with_a_trace_per_statement()
    {
        var result = PolicyEvaluator.Evaluate(Policy(AllowSender, DenySender), Request(Stranger));
        Assert.Equal(PolicyDecision.ImplicitDeny, result.Decision);
        Assert.Null(result.DecidingStatement);
        Assert.Equal([0, 1], result.Trace.Select(t => t.Index));
        Assert.Equal(["allow-sender", "deny"], result.Trace.Select(t => t.Sid));
        Assert.Equal([PolicyEffect.Allow, PolicyEffect.Deny], result.Trace.Select(t => t.Effect));
        Assert.All(result.Trace, t =>
        {
            Assert.False(t.Applies);
            Assert.Equal(StatementElement.Principal, t.FailedElement);
        });
    }

    [Fact]
    public void Elements_are_checked_in_order_principal_action_resource_condition()
    {
        var policy = PolicyDocument.Parse("""
            {"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"events:PutRule",
             "Resource":"arn:aws:events:us-east-1:123456789012:rule/*","Condition":{"StringEquals":{"events:source":"a"}}}}
            """);
        // Everything wrong: the principal is reported.
        Assert.Equal(StatementElement.Principal, PolicyEvaluator.Evaluate(policy, Request(Stranger)).Trace[0].FailedElement);
        // Right principal, wrong action and resource: the action is reported.
        Assert.Equal(StatementElement.Action, PolicyEvaluator.Evaluate(policy, Request(Sender)).Trace[0].FailedElement);
        // Right action, wrong resource.
        Assert.Equal(StatementElement.Resource,
            PolicyEvaluator.Evaluate(policy, Request(Sender, "events:PutRule")).Trace[0].FailedElement);
        // Only the condition left.
        var trace = PolicyEvaluator.Evaluate(policy, Request(Sender, "events:PutRule", "arn:aws:events:us-east-1:123456789012:rule/r",
            context: ("events:source", ["b"]))).Trace[0];
        Assert.Equal(StatementElement.Condition, trace.FailedElement);
        Assert.Equal("StringEquals", trace.ConditionOperator);
        Assert.Equal("events:source", trace.ConditionKey);
        Assert.Contains("\"b\"", trace.Explanation);
    }

    [Fact]
    public void Applying_statement_trace_has_no_failure()
    {
        var trace = PolicyEvaluator.Evaluate(Policy(AllowAll), Request()).Trace.Single();
        Assert.True(trace.Applies);
        Assert.Null(trace.FailedElement);
        Assert.Null(trace.ConditionKey);
    }

    [Fact]
    public void Evaluation_needs_a_policy_and_a_request()
    {
        Assert.Throws<ArgumentNullException>(() => PolicyEvaluator.Evaluate(null!, Request()));
        Assert.Throws<ArgumentNullException>(() => PolicyEvaluator.Evaluate(Policy(AllowAll), null!));
    }
}
