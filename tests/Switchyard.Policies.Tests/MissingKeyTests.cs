using static Switchyard.Policies.Tests.TestPolicies;

namespace Switchyard.Policies.Tests;

/// <summary>
/// IAM's rules for a key the request does not carry: positive operators fail, negated operators
/// (StringNotEquals, StringNotLike, ArnNotLike, NumericNotEquals, DateNotEquals, NotIpAddress...) hold,
/// every ...IfExists form holds, and Null tests presence itself.
/// </summary>
public class MissingKeyTests
{
    public static TheoryData<string, bool> Operators => new()
    {
        { "StringEquals", false }, { "StringNotEquals", true }, { "StringEqualsIgnoreCase", false },
        { "StringNotEqualsIgnoreCase", true }, { "StringLike", false }, { "StringNotLike", true },
        { "NumericEquals", false }, { "NumericNotEquals", true }, { "NumericLessThan", false },
        { "NumericLessThanEquals", false }, { "NumericGreaterThan", false }, { "NumericGreaterThanEquals", false },
        { "DateEquals", false }, { "DateNotEquals", true }, { "DateLessThan", false }, { "DateLessThanEquals", false },
        { "DateGreaterThan", false }, { "DateGreaterThanEquals", false }, { "Bool", false }, { "BinaryEquals", false },
        { "IpAddress", false }, { "NotIpAddress", true }, { "ArnEquals", false }, { "ArnNotEquals", true },
        { "ArnLike", false }, { "ArnNotLike", true },
    };

    [Theory]
    [MemberData(nameof(Operators))]
    public void Missing_key_without_IfExists(string op, bool expected) =>
        Assert.Equal(expected, Holds(Cond(op, "\"1\""), ("other", ["1"])));

    [Theory]
    [MemberData(nameof(Operators))]
    public void Missing_key_with_IfExists_always_holds(string op, bool _) =>
        Assert.True(Holds(Cond(op + "IfExists", "\"1\"")));

    [Fact]
    public void IfExists_still_checks_a_present_key()
    {
        Assert.True(Holds("""{"StringEqualsIfExists":{"k":"a"}}""", ("k", ["a"])));
        Assert.False(Holds("""{"StringEqualsIfExists":{"k":"a"}}""", ("k", ["b"])));
        Assert.False(Holds("""{"StringNotEqualsIfExists":{"k":"a"}}""", ("k", ["a"])));
        Assert.False(Holds("""{"NumericLessThanIfExists":{"k":"5"}}""", ("k", ["7"])));
        Assert.True(Holds("""{"ArnLikeIfExists":{"k":"arn:aws:sqs:*:*:*"}}""", ("k", ["arn:aws:sqs:us-east-1:111122223333:q"])));
    }

    [Theory]
    [InlineData("true", null, true)]
    [InlineData("true", "x", false)]
    [InlineData("false", null, false)]
    [InlineData("false", "x", true)]
    [InlineData("[\"true\",\"false\"]", null, true)]
    public void Null_tests_presence(string policyValue, string? requestValue, bool expected) =>
        Assert.Equal(expected, Holds(Cond("Null", policyValue), Key("k", requestValue)));

    [Fact]
    public void A_key_given_with_no_values_counts_as_absent()
    {
        Assert.True(Holds("""{"Null":{"k":"true"}}""", ("k", [])));
        Assert.False(Holds("""{"StringEquals":{"k":"a"}}""", ("k", [])));
    }

    [Fact]
    public void Deny_with_negated_operator_applies_when_the_key_is_missing()
    {
        // A common guard: deny anyone outside the organization. A caller without an org id is outside it.
        var policy = PolicyDocument.Parse("""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Principal":"*","Action":"events:PutEvents","Resource":"arn:aws:events:us-east-1:123456789012:event-bus/default"},
              {"Effect":"Deny","Principal":"*","Action":"events:PutEvents","Resource":"arn:aws:events:us-east-1:123456789012:event-bus/default",
               "Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-1234567890"}}}]}
            """);
        Assert.Equal(PolicyDecision.ExplicitDeny, Decide(policy, Request(Stranger)));
        Assert.Equal(PolicyDecision.Allow, Decide(policy, WithContext(("aws:PrincipalOrgID", ["o-1234567890"]))));
    }
}
