namespace Switchyard.Policies.Tests;

/// <summary>
/// The allow/deny tables of the EventBridge user guide, "Using IAM policy conditions for fine-grained access
/// control" (awsdocs/amazon-eventbridge-user-guide doc_source/eb-use-conditions.md). Each row is a rule's event
/// pattern, given to the policy as the events:source / events:detail-type / ... keys of a PutRule request.
/// The guide's policies are identity policies; here they carry "Principal":"*" so they can sit on a bus.
/// </summary>
public class EventBridgeGuideConditionTableTests
{
    private static PolicyDocument PutRulePolicy(string conditionJson) => PolicyDocument.Parse($$$"""
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"events:PutRule","Resource":"*",
         "Condition":{{{conditionJson}}}}]}
        """);

    // "source=a|b;detail-type=x" -> context keys events:source [a,b], events:detail-type [x]
    private static PolicyRequest PutRule(string pattern) => new()
    {
        PrincipalAccount = TestPolicies.Sender,
        Action = "events:PutRule",
        Resource = "arn:aws:events:us-east-1:123456789012:rule/r",
        Context = pattern.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(field => field.Split('='))
            .ToDictionary(kv => "events:" + kv[0], kv => (IReadOnlyList<string>)kv[1].Split('|'), StringComparer.OrdinalIgnoreCase),
    };

    private static bool Allowed(string conditionJson, string pattern) =>
        TestPolicies.Decide(PutRulePolicy(conditionJson), PutRule(pattern)) == PolicyDecision.Allow;

    [Theory] // Policy B: allow events only from Amazon EC2
    [InlineData("source=aws.ec2", true)]
    [InlineData("source=aws.ec2|aws.s3", false)]
    [InlineData("source=aws.ec2;detail-type=EC2 Instance State-change Notification", true)]
    [InlineData("detail-type=EC2 Instance State-change Notification", false)]
    public void Only_EC2_source(string pattern, bool allowed) =>
        Assert.Equal(allowed, Allowed("""{"StringEquals":{"events:source":"aws.ec2"}}""", pattern));

    [Theory] // Multiple sources that can be used individually
    [InlineData("source=aws.ec2", true)]
    [InlineData("source=aws.ecs", true)]
    [InlineData("source=aws.s3", false)]
    [InlineData("source=aws.ec2|aws.ecs", false)]
    [InlineData("detail-type=AWS API Call via CloudTrail", false)]
    public void Either_source_individually(string pattern, bool allowed) =>
        Assert.Equal(allowed, Allowed("""{"StringEquals":{"events:source":["aws.ec2","aws.ecs"]}}""", pattern));

    [Theory] // A source and a detail-type
    [InlineData("source=aws.ec2", false)]
    [InlineData("source=aws.ecs", false)]
    [InlineData("source=aws.ec2;detail-type=EC2 Instance State-change Notification", true)]
    [InlineData("source=aws.ec2;detail-type=EC2 Instance Health Failed", false)]
    [InlineData("detail-type=EC2 Instance State-change Notification", false)]
    public void Source_and_detail_type(string pattern, bool allowed) =>
        Assert.Equal(allowed, Allowed(
            """{"StringEquals":{"events:source":"aws.ec2","events:detail-type":"EC2 Instance State-change Notification"}}""",
            pattern));

    [Theory] // The source must be defined in the pattern
    [InlineData("source=aws.ec2;detail-type=EC2 Instance State-change Notification", true)]
    [InlineData("source=aws.ecs|aws.ec2", true)]
    [InlineData("detail-type=EC2 Instance State-change Notification", false)]
    public void Source_must_be_present(string pattern, bool allowed) =>
        Assert.Equal(allowed, Allowed("""{"Null":{"events:source":"false"}}""", pattern));

    [Theory] // A list of allowed sources for a pattern with several sources
    [InlineData("source=aws.ec2", true)]
    [InlineData("source=aws.ec2|aws.s3", true)]
    [InlineData("source=aws.ec2|aws.autoscaling", false)]
    [InlineData("detail-type=EC2 Instance State-change Notification", false)]
    public void All_sources_from_a_list(string pattern, bool allowed) =>
        Assert.Equal(allowed, Allowed(
            """{"ForAllValues:StringEquals":{"events:source":["aws.ec2","aws.s3"]},"Null":{"events:source":"false"}}""",
            pattern));

    [Theory] // CloudTrail events for one principal id only
    [InlineData("detail-type=AWS API Call via CloudTrail", false)]
    [InlineData("detail-type=AWS API Call via CloudTrail;detail.userIdentity.principalId=AIDAJ45Q7YFFAREXAMPLE", true)]
    [InlineData("detail-type=AWS API Call via CloudTrail;detail.userIdentity.principalId=AROAIDPPEZS35WEXAMPLE:AssumedRoleSessionName", false)]
    public void CloudTrail_events_of_one_principal(string pattern, bool allowed) =>
        Assert.Equal(allowed, Allowed(
            """{"StringEquals":{"events:detail-type":["AWS API Call via CloudTrail"],"events:detail.userIdentity.principalId":["AIDAJ45Q7YFFAREXAMPLE"]}}""",
            pattern));

    [Theory] // Targets limited to Lambda functions
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:f", true)]
    [InlineData("arn:aws:sqs:us-east-1:123456789012:q", false)]
    public void Lambda_targets_only(string targetArn, bool allowed)
    {
        var policy = PolicyDocument.Parse("""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"events:PutTargets",
             "Resource":"arn:aws:events:us-east-1:123456789012:rule/MyRule",
             "Condition":{"ArnLike":{"events:TargetArn":"arn:aws:lambda:*:*:function:*"}}}]}
            """);
        var request = TestPolicies.Request(action: "events:PutTargets", resource: "arn:aws:events:us-east-1:123456789012:rule/MyRule",
            context: ("events:TargetArn", [targetArn]));
        Assert.Equal(allowed, TestPolicies.Decide(policy, request) == PolicyDecision.Allow);
    }

    [Theory] // Cross-account invocations only (BoolIfExists)
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData(null, true)]
    public void Event_bus_invocations_only(string? invocation, bool allowed) =>
        Assert.Equal(allowed, TestPolicies.Holds("""{"BoolIfExists":{"events:eventBusInvocation":"true"}}""",
            TestPolicies.Key("events:eventBusInvocation", invocation)));
}
