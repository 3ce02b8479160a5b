using static Switchyard.Policies.Tests.TestPolicies;

namespace Switchyard.Policies.Tests;

/// <summary>Action/NotAction (case-insensitive wildcards) and Resource/NotResource (case-sensitive ARN wildcards).</summary>
public class ActionAndResourceTests
{
    [Theory]
    [InlineData("\"events:PutEvents\"", "events:PutEvents", true)]
    [InlineData("\"events:putevents\"", "events:PutEvents", true)]
    [InlineData("\"EVENTS:PUTEVENTS\"", "events:PutEvents", true)]
    [InlineData("\"events:*\"", "events:PutEvents", true)]
    [InlineData("\"events:Put*\"", "events:PutRule", true)]
    [InlineData("\"events:Put*\"", "events:DeleteRule", false)]
    [InlineData("\"events:PutEvent?\"", "events:PutEvents", true)]
    [InlineData("\"events:PutEvent?\"", "events:PutEvent", false)]
    [InlineData("\"*\"", "events:PutEvents", true)]
    [InlineData("\"sqs:*\"", "events:PutEvents", false)]
    [InlineData("[\"events:PutRule\",\"events:PutTargets\"]", "events:PutTargets", true)]
    [InlineData("[\"events:PutRule\",\"events:PutTargets\"]", "events:PutEvents", false)]
    public void Action(string actionJson, string action, bool expected) =>
        Assert.Equal(expected, Decide(Allow(actionJson: actionJson, resourceJson: "\"*\""), Request(action: action)) == PolicyDecision.Allow);

    [Theory]
    [InlineData("\"events:DeleteRule\"", "events:PutEvents", true)]
    [InlineData("\"events:DeleteRule\"", "events:deleterule", false)]
    [InlineData("[\"events:Delete*\",\"events:Remove*\"]", "events:RemoveTargets", false)]
    [InlineData("\"*\"", "events:PutEvents", false)]
    public void NotAction(string notActionJson, string action, bool expected) =>
        Assert.Equal(expected,
            Decide(Allow(actionJson: notActionJson, actionField: "NotAction", resourceJson: "\"*\""), Request(action: action)) == PolicyDecision.Allow);

    [Theory]
    [InlineData("\"arn:aws:events:us-east-1:123456789012:event-bus/default\"", BusArn, true)]
    [InlineData("\"arn:aws:events:us-east-1:123456789012:event-bus/Default\"", BusArn, false)]
    [InlineData("\"arn:aws:events:us-east-1:123456789012:event-bus/*\"", BusArn, true)]
    [InlineData("\"arn:aws:events:*:123456789012:event-bus/*\"", "arn:aws:events:eu-west-1:123456789012:event-bus/b", true)]
    [InlineData("\"arn:aws:events:*:*\"", BusArn, true)]
    [InlineData("\"*\"", BusArn, true)]
    [InlineData("\"arn:aws:events:us-east-1:123456789012:rule/central/*\"", "arn:aws:events:us-east-1:123456789012:rule/central/r1", true)]
    [InlineData("\"arn:aws:events:us-east-1:123456789012:rule/central/*\"", "arn:aws:events:us-east-1:123456789012:rule/other/r1", false)]
    [InlineData("\"arn:aws:events:us-east-1:123456789012:rule/?\"", "arn:aws:events:us-east-1:123456789012:rule/r", true)]
    [InlineData("[\"arn:aws:events:us-east-1:123456789012:event-bus/a\",\"arn:aws:events:us-east-1:123456789012:event-bus/default\"]", BusArn, true)]
    public void Resource(string resourceJson, string resource, bool expected) =>
        Assert.Equal(expected, Decide(Allow(resourceJson: resourceJson), Request(resource: resource)) == PolicyDecision.Allow);

    [Theory]
    [InlineData("\"arn:aws:events:us-east-1:123456789012:event-bus/private\"", BusArn, true)]
    [InlineData("\"arn:aws:events:us-east-1:123456789012:event-bus/private\"", "arn:aws:events:us-east-1:123456789012:event-bus/private", false)]
    [InlineData("\"arn:aws:events:*:*:event-bus/*\"", BusArn, false)]
    public void NotResource(string notResourceJson, string resource, bool expected) =>
        Assert.Equal(expected,
            Decide(Allow(resourceJson: notResourceJson, resourceField: "NotResource"), Request(resource: resource)) == PolicyDecision.Allow);

    [Fact]
    public void Trace_names_the_failing_action_and_resource()
    {
        var trace = PolicyEvaluator.Evaluate(Allow(), Request(action: "events:PutRule")).Trace.Single();
        Assert.Equal(StatementElement.Action, trace.FailedElement);
        Assert.Contains("events:PutRule", trace.Explanation);

        trace = PolicyEvaluator.Evaluate(Allow(), Request(resource: "arn:aws:events:us-east-1:123456789012:event-bus/x")).Trace.Single();
        Assert.Equal(StatementElement.Resource, trace.FailedElement);

        trace = PolicyEvaluator.Evaluate(Allow(actionJson: "\"events:*\"", actionField: "NotAction"), Request()).Trace.Single();
        Assert.Equal(StatementElement.NotAction, trace.FailedElement);

        trace = PolicyEvaluator.Evaluate(Allow(resourceJson: "\"*\"", resourceField: "NotResource"), Request()).Trace.Single();
        Assert.Equal(StatementElement.NotResource, trace.FailedElement);
    }
}
