using static Switchyard.Policies.Tests.TestPolicies;

namespace Switchyard.Policies.Tests;

/// <summary>ForAnyValue:/ForAllValues: over multivalued keys, and plain operators on them.</summary>
public class SetOperatorTests
{
    [Theory]
    // ForAnyValue: at least one request value satisfies the operator; a missing key fails.
    [InlineData("ForAnyValue:StringEquals", "[\"a\",\"b\"]", "c|a", true)]
    [InlineData("ForAnyValue:StringEquals", "[\"a\",\"b\"]", "c|d", false)]
    [InlineData("ForAnyValue:StringEquals", "[\"a\",\"b\"]", null, false)]
    [InlineData("ForAnyValue:StringEqualsIfExists", "[\"a\",\"b\"]", null, true)]
    [InlineData("ForAnyValue:StringLike", "\"com.example.*\"", "aws.ec2|com.example.orders", true)]
    [InlineData("ForAnyValue:StringNotEquals", "\"a\"", "a|b", true)]
    [InlineData("ForAnyValue:StringNotEquals", "\"a\"", "a", false)]
    [InlineData("ForAnyValue:StringNotEquals", "\"a\"", null, false)]
    [InlineData("ForAnyValue:NumericGreaterThan", "\"10\"", "1|20", true)]
    // ForAllValues: every request value satisfies it; a missing key holds (vacuously).
    [InlineData("ForAllValues:StringEquals", "[\"a\",\"b\"]", "a|b", true)]
    [InlineData("ForAllValues:StringEquals", "[\"a\",\"b\"]", "a", true)]
    [InlineData("ForAllValues:StringEquals", "[\"a\",\"b\"]", "a|c", false)]
    [InlineData("ForAllValues:StringEquals", "[\"a\",\"b\"]", null, true)]
    [InlineData("ForAllValues:StringNotEquals", "\"a\"", "b|c", true)]
    [InlineData("ForAllValues:StringNotEquals", "\"a\"", "a|b", false)]
    [InlineData("ForAllValues:StringNotEquals", "\"a\"", null, true)]
    [InlineData("ForAllValues:ArnLike", "\"arn:aws:sqs:*:111122223333:*\"", "arn:aws:sqs:us-east-1:111122223333:a|arn:aws:sqs:eu-west-1:111122223333:b", true)]
    [InlineData("ForAllValues:ArnLike", "\"arn:aws:sqs:*:111122223333:*\"", "arn:aws:sqs:us-east-1:111122223333:a|arn:aws:sns:us-east-1:111122223333:t", false)]
    [InlineData("ForAllValues:StringEqualsIgnoreCase", "\"A\"", "a|A", true)]
    // Qualifier names are case-insensitive like operator names.
    [InlineData("forallvalues:stringequals", "[\"a\",\"b\"]", "a|c", false)]
    // Plain operators on several request values: positive ones fail, negated ones are their negation.
    [InlineData("StringEquals", "[\"a\",\"b\"]", "a|b", false)]
    [InlineData("StringEquals", "\"a\"", "a", true)]
    [InlineData("StringNotEquals", "[\"a\",\"b\"]", "a|b", true)]
    public void Set_operator(string op, string policyValues, string? requestValues, bool expected) =>
        Assert.Equal(expected, Holds(Cond(op, policyValues), Key("k", requestValues)));
}
