using static Switchyard.Policies.Tests.TestPolicies;

namespace Switchyard.Policies.Tests;

/// <summary>The bus policies EventBridge itself writes or documents, evaluated as AWS does.</summary>
public class EventBridgeScenarioTests
{
    // What PutPermission(Principal=111122223333, StatementId=s) stores on the default bus.
    private const string AccountGrant =
        """{"Version":"2012-10-17","Statement":[{"Sid":"s","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"events:PutEvents","Resource":"arn:aws:events:us-east-1:123456789012:event-bus/default"}]}""";

    // What PutPermission(Principal=*, Condition=StringEquals aws:PrincipalOrgID o-1234567890) stores.
    private const string OrganizationGrant =
        """{"Version":"2012-10-17","Statement":[{"Sid":"org","Effect":"Allow","Principal":"*","Action":"events:PutEvents","Resource":"arn:aws:events:us-east-1:123456789012:event-bus/default","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-1234567890"}}}]}""";

    [Fact]
    public void Account_grant_allows_the_granted_account()
    {
        var result = PolicyEvaluator.Evaluate(PolicyDocument.Parse(AccountGrant), Request(Sender));
        Assert.Equal(PolicyDecision.Allow, result.Decision);
        Assert.Equal("s", result.DecidingStatement?.Sid);
    }

    [Fact]
    public void Account_grant_allows_a_role_of_the_granted_account()
    {
        var request = Request(Sender, principalArn: "arn:aws:iam::111122223333:role/sender");
        Assert.Equal(PolicyDecision.Allow, Decide(PolicyDocument.Parse(AccountGrant), request));
    }

    [Fact]
    public void Account_grant_refuses_another_account_and_says_it_was_the_principal()
    {
        var result = PolicyEvaluator.Evaluate(PolicyDocument.Parse(AccountGrant), Request(Stranger));
        Assert.Equal(PolicyDecision.ImplicitDeny, result.Decision);
        Assert.Null(result.DecidingStatement);
        var trace = Assert.Single(result.Trace);
        Assert.False(trace.Applies);
        Assert.Equal(StatementElement.Principal, trace.FailedElement);
        Assert.Contains("arn:aws:iam::444455556666:root", trace.Explanation);
    }

    [Fact]
    public void Account_grant_covers_only_PutEvents_on_that_bus()
    {
        var policy = PolicyDocument.Parse(AccountGrant);
        Assert.Equal(PolicyDecision.ImplicitDeny, Decide(policy, Request(Sender, action: "events:PutRule")));
        Assert.Equal(PolicyDecision.ImplicitDeny,
            Decide(policy, Request(Sender, resource: "arn:aws:events:us-east-1:123456789012:event-bus/other")));
    }

    [Fact]
    public void Organization_grant_allows_only_members_of_that_organization()
    {
        var policy = PolicyDocument.Parse(OrganizationGrant);
        Assert.Equal(PolicyDecision.Allow,
            Decide(policy, Request(Sender, context: ("aws:PrincipalOrgID", ["o-1234567890"]))));
        Assert.Equal(PolicyDecision.ImplicitDeny,
            Decide(policy, Request(Stranger, context: ("aws:PrincipalOrgID", ["o-0987654321"]))));
    }

    [Fact]
    public void Organization_grant_refuses_an_account_in_no_organization_and_names_the_key()
    {
        var result = PolicyEvaluator.Evaluate(PolicyDocument.Parse(OrganizationGrant), Request(Stranger));
        Assert.Equal(PolicyDecision.ImplicitDeny, result.Decision);
        var trace = Assert.Single(result.Trace);
        Assert.Equal(StatementElement.Condition, trace.FailedElement);
        Assert.Equal("StringEquals", trace.ConditionOperator);
        Assert.Equal("aws:PrincipalOrgID", trace.ConditionKey);
        Assert.Contains("not present", trace.Explanation);
    }

    [Fact]
    public void Organization_id_key_name_is_matched_case_insensitively()
    {
        var policy = PolicyDocument.Parse(OrganizationGrant);
        Assert.Equal(PolicyDecision.Allow,
            Decide(policy, Request(Sender, context: ("AWS:principalorgid", ["o-1234567890"]))));
    }

    [Fact]
    public void Deny_on_one_detail_type_blocks_just_those_events()
    {
        var policy = PolicyDocument.Parse("""
            {"Version":"2012-10-17","Statement":[
              {"Sid":"allow-sender","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},
               "Action":"events:PutEvents","Resource":"arn:aws:events:us-east-1:123456789012:event-bus/default"},
              {"Sid":"no-secrets","Effect":"Deny","Principal":"*","Action":"events:PutEvents","Resource":"arn:aws:events:us-east-1:123456789012:event-bus/default",
               "Condition":{"StringEquals":{"events:detail-type":"Secret Thing"}}}]}
            """);

        var secret = PolicyEvaluator.Evaluate(policy, Request(Sender, context: ("events:detail-type", ["Secret Thing"])));
        Assert.Equal(PolicyDecision.ExplicitDeny, secret.Decision);
        Assert.Equal("no-secrets", secret.DecidingStatement?.Sid);
        Assert.True(secret.Trace[0].Applies);
        Assert.True(secret.Trace[1].Applies);

        var ordinary = PolicyEvaluator.Evaluate(policy, Request(Sender, context: ("events:detail-type", ["Order Placed"])));
        Assert.Equal(PolicyDecision.Allow, ordinary.Decision);
        Assert.Equal(StatementElement.Condition, ordinary.Trace[1].FailedElement);
        Assert.Equal("events:detail-type", ordinary.Trace[1].ConditionKey);
    }

    [Fact]
    public void Rule_management_grant_honours_creator_account_with_StringEqualsIfExists()
    {
        // The EventBridge user guide's template for letting another account manage its own rules on a bus.
        var policy = PolicyDocument.Parse("""
            {"Version":"2012-10-17","Statement":[{"Sid":"manage-own-rules","Effect":"Allow",
             "Principal":{"AWS":"arn:aws:iam::111122223333:root"},
             "Action":["events:PutRule","events:PutTargets","events:DeleteRule","events:RemoveTargets",
                       "events:DisableRule","events:EnableRule","events:TagResource","events:UntagResource",
                       "events:DescribeRule","events:ListTargetsByRule","events:ListTagsForResource"],
             "Resource":"arn:aws:events:us-east-1:123456789012:rule/central/*",
             "Condition":{"StringEqualsIfExists":{"events:creatorAccount":"${aws:PrincipalAccount}"}}}]}
            """);
        const string rule = "arn:aws:events:us-east-1:123456789012:rule/central/orders";

        Assert.Equal(PolicyDecision.Allow, Decide(policy, Request(Sender, "events:PutRule", rule)));
        Assert.Equal(PolicyDecision.Allow,
            Decide(policy, Request(Sender, "events:DeleteRule", rule, context: ("events:creatorAccount", [Sender]))));
        Assert.Equal(PolicyDecision.ImplicitDeny,
            Decide(policy, Request(Sender, "events:DeleteRule", rule, context: ("events:creatorAccount", [BusOwner]))));
        Assert.Equal(PolicyDecision.ImplicitDeny,
            Decide(policy, Request(Sender, "events:PutRule", "arn:aws:events:us-east-1:123456789012:rule/other/orders")));
    }

    [Fact]
    public void Rule_grant_limited_to_one_source()
    {
        var policy = PolicyDocument.Parse("""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},
             "Action":"events:PutRule","Resource":"arn:aws:events:us-east-1:123456789012:rule/*",
             "Condition":{"StringEqualsIfExists":{"events:creatorAccount":"${aws:PrincipalAccount}"},
                          "StringEquals":{"events:source":"com.example.orders"}}}]}
            """);
        const string rule = "arn:aws:events:us-east-1:123456789012:rule/r";

        Assert.Equal(PolicyDecision.Allow,
            Decide(policy, Request(Sender, "events:PutRule", rule, context: ("events:source", ["com.example.orders"]))));
        // A pattern naming a second source is refused by a plain StringEquals (ForAllValues would be needed).
        Assert.Equal(PolicyDecision.ImplicitDeny, Decide(policy, Request(Sender, "events:PutRule", rule,
            context: ("events:source", ["com.example.orders", "com.example.billing"]))));
        Assert.Equal(PolicyDecision.ImplicitDeny,
            Decide(policy, Request(Sender, "events:PutRule", rule, context: ("events:source", ["aws.ec2"]))));
        // A pattern without "source" is denied by a StringEquals on events:source.
        Assert.Equal(PolicyDecision.ImplicitDeny, Decide(policy, Request(Sender, "events:PutRule", rule)));
    }

    [Fact]
    public void Bus_to_bus_delivery_conditions_on_source_rule_and_invocation()
    {
        var policy = PolicyDocument.Parse("""
            {"Version":"2012-10-17","Statement":[{"Sid":"from-sender-rule","Effect":"Allow","Principal":{"AWS":"111122223333"},
             "Action":"events:PutEvents","Resource":"arn:aws:events:us-east-1:123456789012:event-bus/default",
             "Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:events:us-east-1:111122223333:rule/forward"},
                          "Bool":{"events:eventBusInvocation":"true"},
                          "StringEquals":{"aws:SourceAccount":"111122223333"}}}]}
            """);

        var delivery = Request(Sender, context:
        [
            ("aws:SourceArn", ["arn:aws:events:us-east-1:111122223333:rule/forward"]),
            ("events:eventBusInvocation", ["true"]),
            ("aws:SourceAccount", [Sender]),
        ]);
        Assert.Equal(PolicyDecision.Allow, Decide(policy, delivery));

        var directPut = Request(Sender, context: [("events:eventBusInvocation", ["false"]), ("aws:SourceAccount", [Sender])]);
        var result = PolicyEvaluator.Evaluate(policy, directPut);
        Assert.Equal(PolicyDecision.ImplicitDeny, result.Decision);
        Assert.Equal("aws:SourceArn", result.Trace[0].ConditionKey);
    }

    [Fact]
    public void Service_principal_statement_recorded_from_AWS_applies_to_the_service_only()
    {
        var policy = PolicyDocument.Parse("""
            {"Version":"2012-10-17","Statement":[{"Sid":"svc","Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},
             "Action":"events:ListRules","Resource":"*"}]}
            """);
        Assert.Equal(PolicyDecision.Allow,
            Decide(policy, Request(BusOwner, "events:ListRules", service: "events.amazonaws.com")));
        Assert.Equal(PolicyDecision.ImplicitDeny, Decide(policy, Request(Sender, "events:ListRules")));
    }

    [Fact]
    public void Target_arn_restriction_with_ForAllValues_ArnLike()
    {
        var policy = PolicyDocument.Parse("""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},
             "Action":"events:PutTargets","Resource":"arn:aws:events:us-east-1:123456789012:rule/*",
             "Condition":{"ForAllValues:ArnLike":{"events:TargetArn":"arn:aws:sqs:*:123456789012:*"}}}]}
            """);
        const string rule = "arn:aws:events:us-east-1:123456789012:rule/r";
        Assert.Equal(PolicyDecision.Allow, Decide(policy, Request(Sender, "events:PutTargets", rule,
            context: ("events:TargetArn", ["arn:aws:sqs:us-east-1:123456789012:a", "arn:aws:sqs:eu-west-1:123456789012:b"]))));
        Assert.Equal(PolicyDecision.ImplicitDeny, Decide(policy, Request(Sender, "events:PutTargets", rule,
            context: ("events:TargetArn", ["arn:aws:sqs:us-east-1:123456789012:a", "arn:aws:lambda:us-east-1:123456789012:function:f"]))));
    }
}
