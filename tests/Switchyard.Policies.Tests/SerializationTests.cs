namespace Switchyard.Policies.Tests;

/// <summary>ToJson gives back the document's own structure, compactly; Create builds and validates documents.</summary>
public class SerializationTests
{
    [Theory]
    // What PutPermission stores, and what DescribeEventBus returns, must survive unchanged.
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Sid":"s","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"events:PutEvents","Resource":"arn:aws:events:us-east-1:123456789012:event-bus/default"}]}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Sid":"stmt-1","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"events:PutEvents","Resource":"arn:aws:events:us-east-1:123456789012:event-bus/default"},{"Sid":"org","Effect":"Allow","Principal":"*","Action":"events:PutEvents","Resource":"arn:aws:events:us-east-1:123456789012:event-bus/default","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-1234567890"}}}]}""")]
    // Field order as given, single statement object, lists vs strings, numbers and booleans, Id, no Version.
    [InlineData("""{"Statement":{"Resource":["*"],"Action":["events:PutEvents"],"Effect":"Deny","Principal":{"Service":["events.amazonaws.com"],"AWS":"*"}},"Id":"x"}""")]
    [InlineData("""{"Id":"p","Version":"2008-10-17","Statement":[{"Effect":"Allow","NotPrincipal":"*","NotAction":"events:*","NotResource":"arn:aws:events:*:*:*","Condition":{"NumericLessThan":{"n":1.50},"Bool":{"b":true,"c":[false,"true"]},"StringLike":{"s":["a*"]}}}]}""")]
    // Characters that a strict JSON encoder would escape stay readable.
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Sid":"<&>+'","Effect":"Allow","Principal":"*","Action":"events:PutEvents","Resource":"*","Condition":{"StringEquals":{"events:detail-type":"Ärger \"quoted\" \\ slash"}}}]}""")]
    public void Compact_documents_come_back_unchanged(string json) => Assert.Equal(json, PolicyDocument.Parse(json).ToJson());

    [Fact]
    public void Whitespace_is_removed_and_nothing_else_changes()
    {
        const string pretty = """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Sid": "org",
                  "Effect": "Allow",
                  "Principal": "*",
                  "Action": "events:PutEvents",
                  "Resource": "arn:aws:events:us-east-1:123456789012:event-bus/default",
                  "Condition": { "StringEquals": { "aws:PrincipalOrgID": "o-1234567890" } }
                }
              ]
            }
            """;
        Assert.Equal(
            """{"Version":"2012-10-17","Statement":[{"Sid":"org","Effect":"Allow","Principal":"*","Action":"events:PutEvents","Resource":"arn:aws:events:us-east-1:123456789012:event-bus/default","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-1234567890"}}}]}""",
            PolicyDocument.Parse(pretty).ToJson());
    }

    [Fact]
    public void Parsed_model_reflects_the_document()
    {
        var policy = PolicyDocument.Parse("""
            {"Id":"p","Statement":{"Sid":"a","Effect":"Deny","Principal":{"AWS":["111122223333","arn:aws:iam::444455556666:root"]},
             "Action":"events:PutEvents","Resource":["*"],"Condition":{"NumericLessThan":{"n":10},"Bool":{"b":true}}}}
            """);
        Assert.Equal(PolicyDocument.LegacyVersion, policy.Version);
        Assert.Equal("p", policy.Id);
        var statement = Assert.Single(policy.Statements);
        Assert.Equal("a", statement.Sid);
        Assert.Equal(PolicyEffect.Deny, statement.Effect);
        Assert.Equal(PolicyPrincipal.Aws("111122223333", "arn:aws:iam::444455556666:root"), statement.Principal);
        Assert.Null(statement.NotPrincipal);
        Assert.Equal(PolicyValues.Of("events:PutEvents"), statement.Action);
        Assert.Equal(PolicyValues.List("*"), statement.Resource);
        Assert.Equal(
            [
                new ConditionClause("NumericLessThan", [new ConditionKeyValues("n", [new ConditionValue("10", ConditionValueKind.Number)], false)]),
                new ConditionClause("Bool", [new ConditionKeyValues("b", [new ConditionValue("true", ConditionValueKind.Boolean)], false)]),
            ],
            statement.Condition!);
    }

    [Fact]
    public void Create_builds_a_PutPermission_style_document_in_canonical_order()
    {
        var policy = PolicyDocument.Create(
        [
            new PolicyStatement("s", PolicyEffect.Allow, PolicyPrincipal.Aws("arn:aws:iam::111122223333:root"), null,
                PolicyValues.Of("events:PutEvents"), null, PolicyValues.Of("arn:aws:events:us-east-1:123456789012:event-bus/default"), null),
            new PolicyStatement("org", PolicyEffect.Allow, PolicyPrincipal.Everyone, null,
                PolicyValues.Of("events:PutEvents"), null, PolicyValues.Of("arn:aws:events:us-east-1:123456789012:event-bus/default"), null,
                [new ConditionClause("StringEquals", [new ConditionKeyValues("aws:PrincipalOrgID", [new ConditionValue("o-1234567890")], false)])]),
        ]);
        Assert.Equal(
            """{"Version":"2012-10-17","Statement":[{"Sid":"s","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"events:PutEvents","Resource":"arn:aws:events:us-east-1:123456789012:event-bus/default"},{"Sid":"org","Effect":"Allow","Principal":"*","Action":"events:PutEvents","Resource":"arn:aws:events:us-east-1:123456789012:event-bus/default","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-1234567890"}}}]}""",
            policy.ToJson());
        Assert.Equal(PolicyDecision.Allow, TestPolicies.Decide(policy, TestPolicies.Request(TestPolicies.Sender)));
    }

    [Fact]
    public void Create_from_parsed_statements_keeps_their_field_order_and_can_replace_one()
    {
        var original = PolicyDocument.Parse("""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Sid":"a","Resource":"*","Action":"events:PutEvents","Principal":"*"}]}
            """);
        var replaced = PolicyDocument.Create(original.Statements.Select(s => s.Sid == "a" ? s with { Effect = PolicyEffect.Deny } : s));
        Assert.Equal(
            """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Sid":"a","Resource":"*","Action":"events:PutEvents","Principal":"*"}]}""",
            replaced.ToJson());
    }

    [Fact]
    public void Create_refuses_what_Parse_refuses()
    {
        var noAction = new PolicyStatement("s", PolicyEffect.Allow, PolicyPrincipal.Everyone, null, null, null, PolicyValues.Of("*"), null);
        var error = Assert.Throws<MalformedPolicyException>(() => PolicyDocument.Create([noAction]));
        Assert.Contains("Policy statement must contain actions", error.Message);

        var badNumber = noAction with
        {
            Action = PolicyValues.Of("events:PutEvents"),
            Condition = [new ConditionClause("NumericEquals", [new ConditionKeyValues("n", [new ConditionValue("ten", ConditionValueKind.Number)], false)])],
        };
        Assert.Throws<MalformedPolicyException>(() => PolicyDocument.Create([badNumber]));
        Assert.Throws<MalformedPolicyException>(() => PolicyDocument.Create([]));
    }

    [Fact]
    public void ToString_is_the_JSON()
    {
        var policy = PolicyDocument.Parse("""{"Statement":{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}}""");
        Assert.Equal(policy.ToJson(), policy.ToString());
    }
}
