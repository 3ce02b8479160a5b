using static Switchyard.Policies.Tests.TestPolicies;

namespace Switchyard.Policies.Tests;

/// <summary>Policy variables in Resource and condition values, their defaults and escapes.</summary>
public class PolicyVariableTests
{
    [Fact]
    public void Variable_in_Resource_is_substituted_from_the_request()
    {
        var policy = Allow(resourceJson: "\"arn:aws:events:us-east-1:${aws:PrincipalAccount}:event-bus/*\"");
        Assert.Equal(PolicyDecision.Allow,
            Decide(policy, Request(Sender, resource: "arn:aws:events:us-east-1:111122223333:event-bus/own")));
        Assert.Equal(PolicyDecision.ImplicitDeny,
            Decide(policy, Request(Stranger, resource: "arn:aws:events:us-east-1:111122223333:event-bus/own")));
    }

    [Fact]
    public void Variable_in_NotResource_is_substituted_too()
    {
        var policy = Allow(resourceJson: "\"arn:aws:events:us-east-1:${aws:PrincipalAccount}:event-bus/*\"", resourceField: "NotResource");
        Assert.Equal(PolicyDecision.ImplicitDeny,
            Decide(policy, Request(Sender, resource: "arn:aws:events:us-east-1:111122223333:event-bus/own")));
        Assert.Equal(PolicyDecision.Allow, Decide(policy, Request(Sender)));
    }

    [Fact]
    public void Variable_in_condition_value_is_substituted()
    {
        const string condition = """{"StringEquals":{"events:creatorAccount":"${aws:PrincipalAccount}"}}""";
        Assert.True(Holds(condition, ("events:creatorAccount", [Sender])));
        Assert.False(Holds(condition, ("events:creatorAccount", [BusOwner])));
    }

    [Fact]
    public void Variable_names_are_case_insensitive() =>
        Assert.True(Holds("""{"StringEquals":{"k":"${AWS:principalaccount}"}}""", ("k", [Sender])));

    [Fact]
    public void Variable_can_be_part_of_a_value_and_appear_more_than_once() =>
        Assert.True(Holds("""{"StringEquals":{"k":"${aws:PrincipalAccount}/${events:source}/${aws:PrincipalAccount}"}}""",
            ("k", ["111122223333/com.example/111122223333"]), ("events:source", ["com.example"])));

    [Fact]
    public void Unresolvable_variable_makes_that_value_match_nothing()
    {
        // No org id in the request: the Resource value cannot be built, so the statement does not apply.
        var policy = Allow(resourceJson: "\"arn:aws:events:us-east-1:123456789012:event-bus/${aws:PrincipalOrgID}\"");
        var trace = PolicyEvaluator.Evaluate(policy, Request(resource: "arn:aws:events:us-east-1:123456789012:event-bus/")).Trace[0];
        Assert.Equal(StatementElement.Resource, trace.FailedElement);

        // In a condition, the other values still count.
        Assert.True(Holds("""{"StringEquals":{"k":["${aws:PrincipalOrgID}","fallback"]}}""", ("k", ["fallback"])));
        Assert.False(Holds("""{"StringEquals":{"k":"${aws:PrincipalOrgID}"}}""", ("k", [""])));
    }

    [Fact]
    public void Unresolvable_variable_in_a_negated_operator_excludes_nothing() =>
        Assert.True(Holds("""{"StringNotEquals":{"k":"${aws:PrincipalOrgID}"}}""", ("k", ["x"])));

    [Fact]
    public void Multivalued_keys_cannot_be_used_as_variables() =>
        Assert.False(Holds("""{"StringEquals":{"k":"${events:source}"}}""", ("k", ["a"]), ("events:source", ["a", "b"])));

    [Theory]
    [InlineData("${aws:PrincipalOrgID, 'none'}", "none", true)]
    [InlineData("${aws:PrincipalOrgID,'none'}", "none", true)]
    [InlineData("${aws:PrincipalOrgID, 'it''s'}", "it's", true)]
    [InlineData("${aws:PrincipalOrgID, ''}", "", true)]
    [InlineData("${aws:PrincipalAccount, 'none'}", "111122223333", true)]
    [InlineData("${aws:PrincipalAccount, 'none'}", "none", false)]
    public void Default_value_is_used_when_the_key_is_absent(string policyValue, string requestValue, bool expected) =>
        Assert.Equal(expected, Holds(Cond("StringEquals", "\"" + policyValue + "\""), ("k", [requestValue])));

    [Theory]
    [InlineData("a${*}", "a*", true)]
    [InlineData("a${*}", "abc", false)]
    [InlineData("a${?}", "a?", true)]
    [InlineData("a${?}", "ab", false)]
    [InlineData("${$}{x}", "${x}", true)]
    [InlineData("${*}*", "*anything", true)]
    [InlineData("${*}*", "anything", false)]
    public void Escapes_are_literal_characters_in_StringLike(string policyValue, string requestValue, bool expected) =>
        Assert.Equal(expected, Holds(Cond("StringLike", "\"" + policyValue + "\""), ("k", [requestValue])));

    [Fact]
    public void Substituted_values_are_literal_even_with_wildcard_characters()
    {
        const string condition = """{"StringLike":{"k":"${other}"}}""";
        Assert.True(Holds(condition, ("k", ["a*"]), ("other", ["a*"])));
        Assert.False(Holds(condition, ("k", ["abc"]), ("other", ["a*"])));
    }

    [Fact]
    public void Variables_work_in_ARN_and_Bool_operators()
    {
        Assert.True(Holds("""{"ArnLike":{"aws:SourceArn":"arn:aws:events:*:${aws:PrincipalAccount}:rule/*"}}""",
            ("aws:SourceArn", ["arn:aws:events:us-east-1:111122223333:rule/r"])));
        Assert.True(Holds("""{"Bool":{"k":"${flag}"}}""", ("k", ["true"]), ("flag", ["true"])));
    }

    [Fact]
    public void Numeric_and_date_values_are_not_substituted() =>
        Assert.False(Holds("""{"NumericEquals":{"k":"${n}"}}""", ("k", ["5"]), ("n", ["5"])));

    [Fact]
    public void Version_2008_10_17_treats_variables_as_plain_text()
    {
        const string condition = """{"StringEquals":{"k":"${aws:PrincipalAccount}"}}""";
        var legacy = AllowWhen(condition, version: "2008-10-17");
        var current = AllowWhen(condition);
        Assert.Equal(PolicyDecision.Allow, Decide(legacy, WithContext(("k", ["${aws:PrincipalAccount}"]))));
        Assert.Equal(PolicyDecision.ImplicitDeny, Decide(legacy, WithContext(("k", [Sender]))));
        Assert.Equal(PolicyDecision.Allow, Decide(current, WithContext(("k", [Sender]))));
    }

    [Theory]
    [InlineData("${unclosed")]
    [InlineData("${}")]
    [InlineData("${k, 'unterminated}")]
    [InlineData("${k, nodefaultquote}")]
    public void Malformed_placeholders_are_plain_text(string policyValue) =>
        Assert.True(Holds(Cond("StringEquals", "\"" + policyValue + "\""), ("k", [policyValue])));
}
