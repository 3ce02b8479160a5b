using Switchyard.Domain;
using Switchyard.Domain.Routing;
using Switchyard.Domain.Rules;

namespace Switchyard.Tests.Routing;

/// <summary>The bus-ARN reader and the bus-target decisions that delivery and explain share.</summary>
public sealed class BusTargetDecisionsTests
{
    private static readonly Rule SendingRule = new()
    {
        AccountId = "111111111111",
        Region = "us-east-1",
        BusName = "orders",
        Name = "forward",
        State = "ENABLED",
        CreatedBy = "111111111111",
        CreationTime = DateTimeOffset.UnixEpoch,
    };

    [Theory]
    [InlineData("arn:aws:events:eu-west-1:222222222222:event-bus/default", "222222222222", "eu-west-1", "default")]
    [InlineData("arn:aws:events:us-east-1:111111111111:event-bus/a.b-c_d", "111111111111", "us-east-1", "a.b-c_d")]
    public void Reads_an_event_bus_arn(string arn, string account, string region, string name)
    {
        Assert.True(Arns.TryParseEventBus(arn, out var bus));
        Assert.Equal(new EventBusArn(new AccountRegion(account, region), name), bus);
    }

    [Theory]
    [InlineData("orders")]
    [InlineData("arn:aws:events:us-east-1:111111111111:rule/orders/forward")]
    [InlineData("arn:aws:sqs:us-east-1:111111111111:event-bus/queue")]
    [InlineData("arn:aws:events:us-east-1:111111111111")]
    public void Refuses_what_is_not_an_event_bus_arn(string value) => Assert.False(Arns.TryParseEventBus(value, out _));

    [Fact]
    public void One_bus_to_bus_hop_only()
    {
        Assert.True(Arns.TryParse("arn:aws:events:us-east-1:111111111111:event-bus/next", out var bus));
        Assert.True(Arns.TryParse("arn:aws:sqs:us-east-1:111111111111:queue", out var queue));
        Assert.False(BusTargetDecisions.ExceedsHopLimit(bus, hop: 0));
        Assert.True(BusTargetDecisions.ExceedsHopLimit(bus, hop: 1));
        Assert.False(BusTargetDecisions.ExceedsHopLimit(queue, hop: 1));
    }

    [Fact]
    public void Another_accounts_bus_is_asked_as_eventbridge_acting_for_the_rule()
    {
        const string arn = "arn:aws:events:us-east-1:222222222222:event-bus/inbox";
        Assert.True(Arns.TryParseEventBus(arn, out var target));
        var request = BusTargetDecisions.CrossAccountRequest(SendingRule, target, arn, "shop", "OrderPlaced");
        Assert.NotNull(request);
        Assert.Equal(("111111111111", "events:PutEvents", arn), (request.CallerAccount, request.Action, request.ResourceArn));
        Assert.True(request.EventBusInvocation);
        Assert.Equal(SendingRule.Arn, request.SourceArn);
        Assert.Equal(["shop"], request.Sources!);
        Assert.Equal(["OrderPlaced"], request.DetailTypes!);
    }

    [Fact]
    public void The_rules_own_account_needs_no_policy()
    {
        Assert.True(Arns.TryParseEventBus("arn:aws:events:eu-west-1:111111111111:event-bus/inbox", out var target));
        Assert.Null(BusTargetDecisions.CrossAccountRequest(SendingRule, target, "arn:aws:events:eu-west-1:111111111111:event-bus/inbox", "shop", "x"));
    }
}
