using static Switchyard.Policies.Tests.TestPolicies;

namespace Switchyard.Policies.Tests;

/// <summary>
/// Every condition operator against one request value: {"Op": {"k": policyValues}} with k = requestValue.
/// </summary>
public class ConditionOperatorTests
{
    [Theory]
    // String: exact, case-sensitive, no wildcards; negated forms are NOR over the policy values.
    [InlineData("StringEquals", "\"abc\"", "abc", true)]
    [InlineData("StringEquals", "\"abc\"", "ABC", false)]
    [InlineData("StringEquals", "[\"x\",\"abc\"]", "abc", true)]
    [InlineData("StringEquals", "\"a*\"", "abc", false)]
    [InlineData("StringEquals", "\"a*\"", "a*", true)]
    [InlineData("StringNotEquals", "\"abc\"", "abc", false)]
    [InlineData("StringNotEquals", "\"abc\"", "abd", true)]
    [InlineData("StringNotEquals", "[\"x\",\"abc\"]", "abc", false)]
    [InlineData("StringNotEquals", "[\"x\",\"y\"]", "abc", true)]
    [InlineData("StringEqualsIgnoreCase", "\"ABC\"", "abc", true)]
    [InlineData("StringEqualsIgnoreCase", "\"ABC\"", "abd", false)]
    [InlineData("StringNotEqualsIgnoreCase", "\"ABC\"", "abc", false)]
    [InlineData("StringNotEqualsIgnoreCase", "\"ABC\"", "abd", true)]
    [InlineData("StringLike", "\"a*c\"", "abbbc", true)]
    [InlineData("StringLike", "\"a*c\"", "ac", true)]
    [InlineData("StringLike", "\"a?c\"", "abc", true)]
    [InlineData("StringLike", "\"a?c\"", "abbc", false)]
    [InlineData("StringLike", "\"A*\"", "abc", false)]
    [InlineData("StringLike", "\"*\"", "", true)]
    [InlineData("StringLike", "[\"x*\",\"*z\"]", "xyz", true)]
    [InlineData("StringLike", "\"com.example.*\"", "com.example.orders", true)]
    [InlineData("StringLike", "\"com.example.*\"", "com.other.orders", false)]
    [InlineData("StringNotLike", "\"a*\"", "abc", false)]
    [InlineData("StringNotLike", "\"x*\"", "abc", true)]
    [InlineData("StringNotLike", "[\"x*\",\"a*\"]", "abc", false)]
    // Numeric: compared as numbers; numbers may be written as JSON numbers; a non-number never matches.
    [InlineData("NumericEquals", "\"10\"", "10", true)]
    [InlineData("NumericEquals", "10", "10.0", true)]
    [InlineData("NumericEquals", "\"10\"", "11", false)]
    [InlineData("NumericEquals", "\"10\"", "ten", false)]
    [InlineData("NumericNotEquals", "\"10\"", "11", true)]
    [InlineData("NumericNotEquals", "\"10\"", "10", false)]
    [InlineData("NumericLessThan", "\"10\"", "9", true)]
    [InlineData("NumericLessThan", "\"10\"", "10", false)]
    [InlineData("NumericLessThanEquals", "\"10\"", "10", true)]
    [InlineData("NumericLessThanEquals", "\"10\"", "10.5", false)]
    [InlineData("NumericGreaterThan", "\"10\"", "10.5", true)]
    [InlineData("NumericGreaterThan", "\"10\"", "10", false)]
    [InlineData("NumericGreaterThanEquals", "-1", "-1", true)]
    [InlineData("NumericGreaterThanEquals", "\"1e1\"", "9", false)]
    // Date: ISO 8601 or epoch seconds, compared as instants.
    [InlineData("DateEquals", "\"2020-01-01T00:00:00Z\"", "2020-01-01T00:00:00Z", true)]
    [InlineData("DateEquals", "\"2020-01-01T00:00:00Z\"", "1577836800", true)]
    [InlineData("DateEquals", "\"2020-01-01T01:00:00+01:00\"", "2020-01-01T00:00:00Z", true)]
    [InlineData("DateEquals", "\"2020-01-01\"", "2020-01-01T00:00:01Z", false)]
    [InlineData("DateNotEquals", "\"2020-01-01T00:00:00Z\"", "2021-01-01T00:00:00Z", true)]
    [InlineData("DateLessThan", "\"2020-01-01T00:00:00Z\"", "2019-12-31T23:59:59Z", true)]
    [InlineData("DateLessThan", "\"2020-01-01T00:00:00Z\"", "2020-01-01T00:00:00Z", false)]
    [InlineData("DateLessThanEquals", "\"2020-01-01T00:00:00Z\"", "2020-01-01T00:00:00Z", true)]
    [InlineData("DateGreaterThan", "\"2020-01-01T00:00:00Z\"", "2020-06-01T00:00:00Z", true)]
    [InlineData("DateGreaterThan", "\"2020-01-01T00:00:00Z\"", "not a date", false)]
    [InlineData("DateGreaterThanEquals", "1577836800", "2020-01-01T00:00:00Z", true)]
    // Bool: "true"/"false", JSON booleans allowed, case-insensitive.
    [InlineData("Bool", "true", "true", true)]
    [InlineData("Bool", "\"true\"", "false", false)]
    [InlineData("Bool", "\"false\"", "FALSE", true)]
    // Binary: base64 compared exactly.
    [InlineData("BinaryEquals", "\"QmluYXJ5\"", "QmluYXJ5", true)]
    [InlineData("BinaryEquals", "\"QmluYXJ5\"", "QmluYXJ6", false)]
    // IP: CIDR ranges, a bare address is that one host.
    [InlineData("IpAddress", "\"10.0.0.0/8\"", "10.1.2.3", true)]
    [InlineData("IpAddress", "\"10.0.0.0/8\"", "192.168.1.1", false)]
    [InlineData("IpAddress", "\"203.0.113.5\"", "203.0.113.5", true)]
    [InlineData("IpAddress", "\"203.0.113.5\"", "203.0.113.6", false)]
    [InlineData("IpAddress", "\"10.9.9.9/8\"", "10.1.2.3", true)]
    [InlineData("IpAddress", "\"10.0.0.0/33\"", "10.1.2.3", false)]
    [InlineData("IpAddress", "\"10.0.0.0/8\"", "not-an-ip", false)]
    [InlineData("IpAddress", "\"2001:db8::/32\"", "2001:db8::1", true)]
    [InlineData("NotIpAddress", "\"10.0.0.0/8\"", "192.168.1.1", true)]
    [InlineData("NotIpAddress", "\"10.0.0.0/8\"", "10.0.0.1", false)]
    // ARN: six components matched separately, case-sensitive, wildcards within a component.
    [InlineData("ArnEquals", "\"arn:aws:events:us-east-1:111122223333:rule/forward\"", "arn:aws:events:us-east-1:111122223333:rule/forward", true)]
    [InlineData("ArnEquals", "\"arn:aws:events:us-east-1:111122223333:rule/*\"", "arn:aws:events:us-east-1:111122223333:rule/forward", true)]
    [InlineData("ArnEquals", "\"arn:aws:events:us-east-1:111122223333:rule/forward\"", "arn:aws:events:us-east-1:111122223333:rule/Forward", false)]
    [InlineData("ArnLike", "\"arn:aws:events:*:111122223333:rule/*\"", "arn:aws:events:eu-west-1:111122223333:rule/forward", true)]
    [InlineData("ArnLike", "\"arn:aws:events:*:111122223333:rule/*\"", "arn:aws:events:eu-west-1:444455556666:rule/forward", false)]
    [InlineData("ArnLike", "\"arn:aws:lambda:*:*:function:*\"", "arn:aws:lambda:us-east-1:111122223333:function:f", true)]
    [InlineData("ArnLike", "\"arn:aws:lambda:*:*:function:*\"", "arn:aws:sqs:us-east-1:111122223333:q", false)]
    [InlineData("ArnLike", "\"arn:aws:events:us-*\"", "arn:aws:events:us-east-1:111122223333:rule/forward", false)]
    [InlineData("ArnLike", "\"arn:aws:events:*:rule/forward\"", "arn:aws:events:us-east-1:111122223333:rule/forward", false)]
    [InlineData("ArnLike", "\"arn:aws:events:us-east-1:111122223333:rule/*\"", "not-an-arn", false)]
    [InlineData("ArnNotEquals", "\"arn:aws:events:us-east-1:111122223333:rule/forward\"", "arn:aws:events:us-east-1:111122223333:rule/other", true)]
    [InlineData("ArnNotEquals", "\"arn:aws:events:us-east-1:111122223333:rule/forward\"", "arn:aws:events:us-east-1:111122223333:rule/forward", false)]
    [InlineData("ArnNotLike", "\"arn:aws:events:*:111122223333:*\"", "arn:aws:events:us-east-1:111122223333:rule/r", false)]
    [InlineData("ArnNotLike", "\"arn:aws:events:*:111122223333:*\"", "arn:aws:events:us-east-1:444455556666:rule/r", true)]
    // Null: "true" holds when the key is absent, "false" when present.
    [InlineData("Null", "\"false\"", "anything", true)]
    [InlineData("Null", "\"true\"", "anything", false)]
    public void Operator_on_a_present_key(string op, string policyValues, string requestValue, bool expected) =>
        Assert.Equal(expected, Holds(Cond(op, policyValues), ("k", [requestValue])));

    [Theory]
    [InlineData("StringEquals")]
    [InlineData("Bool")]
    [InlineData("ArnLike")]
    public void Operator_names_are_case_insensitive(string op)
    {
        var lower = op.ToLowerInvariant();
        Assert.Equal(Holds(Cond(op, "\"true\""), ("k", ["true"])), Holds(Cond(lower, "\"true\""), ("k", ["true"])));
    }

    [Fact]
    public void Multiple_keys_in_one_operator_must_all_hold()
    {
        const string condition = """{"StringEquals":{"a":"1","b":"2"}}""";
        Assert.True(Holds(condition, ("a", ["1"]), ("b", ["2"])));
        Assert.False(Holds(condition, ("a", ["1"]), ("b", ["3"])));
        Assert.False(Holds(condition, ("a", ["1"])));
    }

    [Fact]
    public void Multiple_operators_must_all_hold()
    {
        const string condition = """{"StringEquals":{"a":"1"},"NumericLessThan":{"n":"5"}}""";
        Assert.True(Holds(condition, ("a", ["1"]), ("n", ["4"])));
        Assert.False(Holds(condition, ("a", ["1"]), ("n", ["6"])));
    }

    [Fact]
    public void Condition_key_names_in_policy_and_request_are_case_insensitive() =>
        Assert.True(Holds("""{"StringEquals":{"Events:Source":"com.example"}}""", ("EVENTS:SOURCE", ["com.example"])));

    [Fact]
    public void Condition_values_stay_case_sensitive_for_StringEquals() =>
        Assert.False(Holds("""{"StringEquals":{"events:source":"com.example"}}""", ("events:source", ["COM.EXAMPLE"])));

    [Fact]
    public void Principal_keys_are_derived_from_the_request_when_not_given()
    {
        var policy = AllowWhen("""{"StringEquals":{"aws:PrincipalAccount":"111122223333","aws:PrincipalArn":"arn:aws:iam::111122223333:role/r"}}""");
        Assert.Equal(PolicyDecision.Allow, Decide(policy, Request(Sender, principalArn: "arn:aws:iam::111122223333:role/r")));
        Assert.Equal(PolicyDecision.ImplicitDeny, Decide(policy, Request(Stranger, principalArn: "arn:aws:iam::444455556666:role/r")));
    }

    [Fact]
    public void Service_callers_carry_the_service_name_and_no_principal_account()
    {
        var byService = AllowWhen("""{"Bool":{"aws:PrincipalIsAWSService":"true"},"StringEquals":{"aws:PrincipalServiceName":"events.amazonaws.com"},"Null":{"aws:PrincipalAccount":"true"}}""");
        Assert.Equal(PolicyDecision.Allow, Decide(byService, Request(BusOwner, service: "events.amazonaws.com")));
        Assert.Equal(PolicyDecision.ImplicitDeny, Decide(byService, Request(Sender)));
    }
}
