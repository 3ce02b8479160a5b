using System.Text.Json;
using static Switchyard.Tests.CrossAccount.CrossAccountServer;

namespace Switchyard.Tests.CrossAccount;

/// <summary>
/// Rules on another account's bus (PutRule, PutTargets, DeleteRule, ... with a bus ARN) where the bus policy grants
/// them, with the user guide's conditions: <c>events:creatorAccount</c> = <c>${aws:PrincipalAccount}</c> through
/// <c>StringEqualsIfExists</c>, and <c>events:source</c> limiting the sources a pattern may name.
/// </summary>
public sealed class CrossAccountRuleManagementTests : IAsyncLifetime
{
    private CrossAccountServer _server = null!;
    private static readonly string SharedArn = BusArn(A, "shared");

    public async Task InitializeAsync()
    {
        _server = await CrossAccountServer.StartAsync();
        await _server.OkAsync(A, "CreateEventBus", """{"Name":"shared"}""");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>
    /// As in the user guide: B and C may manage the rules they created (<c>events:creatorAccount</c> through
    /// <c>StringEqualsIfExists</c>, so creating a rule is covered too), and create rules only for their sources.
    /// </summary>
    private Task GrantRuleManagement() => _server.PutPolicyAsync(A, "shared", $$$"""
        {"Version":"2012-10-17","Statement":[{
          "Sid":"AllowAccountsToManageRulesTheyCreated","Effect":"Allow",
          "Principal":{"AWS":["arn:aws:iam::{{{B}}}:root","arn:aws:iam::{{{C}}}:root"]},
          "Action":["events:PutTargets","events:DeleteRule","events:DescribeRule","events:DisableRule",
                    "events:EnableRule","events:ListTargetsByRule","events:RemoveTargets"],
          "Resource":"arn:aws:events:us-east-1:{{{A}}}:rule/shared/*",
          "Condition":{"StringEqualsIfExists":{"events:creatorAccount":"${aws:PrincipalAccount}"}}
        },{
          "Sid":"AllowRulesForTheirSources","Effect":"Allow",
          "Principal":{"AWS":["arn:aws:iam::{{{B}}}:root","arn:aws:iam::{{{C}}}:root"]},
          "Action":"events:PutRule",
          "Resource":"arn:aws:events:us-east-1:{{{A}}}:rule/shared/*",
          "Condition":{"StringEqualsIfExists":{"events:creatorAccount":"${aws:PrincipalAccount}"},
                       "StringEquals":{"events:source":["com.b.orders","com.c.billing"]}}
        }]}
        """);

    private static string PutRule(string name, string pattern) =>
        JsonSerializer.Serialize(new Dictionary<string, string> { ["Name"] = name, ["EventBusName"] = SharedArn, ["EventPattern"] = pattern },
            Integration.TestJson.Default.DictionaryStringString);

    private static string RuleArn(string name) => $"arn:aws:events:us-east-1:{A}:rule/shared/{name}";

    private static void AssertDenied(Integration.ServerHarness.Response response, string account, string action, string resource)
    {
        Assert.Equal(400, response.Status);
        Assert.Equal("AccessDeniedException", response.ErrorType);
        Assert.Equal($"User: arn:aws:iam::{account}:root is not authorized to perform: {action} on resource: {resource} because no resource-based policy allows the {action} action",
            response.ErrorMessage);
    }

    [Fact]
    public async Task Without_a_grant_rule_management_on_another_accounts_bus_is_refused()
    {
        AssertDenied(await _server.CallAsync(B, "PutRule", PutRule("r", """{"source":["com.b.orders"]}""")), B, "events:PutRule", RuleArn("r"));
        Assert.Equal(200, (await _server.CallAsync(A, "PutRule", $$"""{"Name":"owned","EventBusName":"shared","EventPattern":"{\"source\":[\"x\"]}"}""")).Status);
        AssertDenied(await _server.CallAsync(B, "DeleteRule", $$"""{"Name":"owned","EventBusName":"{{SharedArn}}"}"""), B, "events:DeleteRule", RuleArn("owned"));
        AssertDenied(await _server.CallAsync(B, "PutTargets",
            $$"""{"Rule":"owned","EventBusName":"{{SharedArn}}","Targets":[{"Id":"t","Arn":"arn:aws:sqs:us-east-1:{{B}}:q"}]}"""), B, "events:PutTargets", RuleArn("owned"));
    }

    [Fact]
    public async Task Granted_account_manages_the_rules_it_created_with_the_allowed_sources()
    {
        await GrantRuleManagement();
        var put = await _server.OkAsync(B, "PutRule", PutRule("b-orders", """{"source":["com.b.orders"]}"""));
        Assert.Equal(RuleArn("b-orders"), put.GetProperty("RuleArn").GetString());

        var described = await _server.OkAsync(B, "DescribeRule", $$"""{"Name":"b-orders","EventBusName":"{{SharedArn}}"}""");
        Assert.Equal(B, described.GetProperty("CreatedBy").GetString());
        var listed = await _server.OkAsync(A, "ListRules", """{"EventBusName":"shared"}""");
        Assert.Equal("b-orders", listed.GetProperty("Rules")[0].GetProperty("Name").GetString());

        await _server.OkAsync(B, "PutTargets",
            $$"""{"Rule":"b-orders","EventBusName":"{{SharedArn}}","Targets":[{"Id":"t","Arn":"arn:aws:sqs:us-east-1:{{A}}:q"}]}""");
        await _server.OkAsync(B, "DisableRule", $$"""{"Name":"b-orders","EventBusName":"{{SharedArn}}"}""");
        await _server.OkAsync(B, "RemoveTargets", $$"""{"Rule":"b-orders","EventBusName":"{{SharedArn}}","Ids":["t"]}""");
        await _server.OkAsync(B, "DeleteRule", $$"""{"Name":"b-orders","EventBusName":"{{SharedArn}}"}""");
        var after = await _server.OkAsync(A, "ListRules", """{"EventBusName":"shared"}""");
        Assert.Equal(0, after.GetProperty("Rules").GetArrayLength());
    }

    [Fact]
    public async Task Pattern_sources_must_all_be_allowed_and_a_pattern_without_source_is_refused()
    {
        await GrantRuleManagement();
        AssertDenied(await _server.CallAsync(B, "PutRule", PutRule("other", """{"source":["com.other"]}""")), B, "events:PutRule", RuleArn("other"));
        AssertDenied(await _server.CallAsync(B, "PutRule", PutRule("mixed", """{"source":["com.b.orders","com.other"]}""")), B, "events:PutRule", RuleArn("mixed"));
        AssertDenied(await _server.CallAsync(B, "PutRule", PutRule("any", """{"detail-type":["x"]}""")), B, "events:PutRule", RuleArn("any"));
        Assert.Equal(200, (await _server.CallAsync(B, "PutRule", PutRule("one", """{"source":["com.c.billing"],"detail-type":["x"]}"""))).Status);
    }

    [Fact]
    public async Task Another_granted_account_cannot_change_or_delete_a_rule_it_did_not_create()
    {
        await GrantRuleManagement();
        await _server.OkAsync(B, "PutRule", PutRule("b-orders", """{"source":["com.b.orders"]}"""));

        AssertDenied(await _server.CallAsync(C, "PutRule", PutRule("b-orders", """{"source":["com.c.billing"]}""")), C, "events:PutRule", RuleArn("b-orders"));
        AssertDenied(await _server.CallAsync(C, "PutTargets",
            $$"""{"Rule":"b-orders","EventBusName":"{{SharedArn}}","Targets":[{"Id":"t","Arn":"arn:aws:sqs:us-east-1:{{A}}:q"}]}"""), C, "events:PutTargets", RuleArn("b-orders"));
        AssertDenied(await _server.CallAsync(C, "DeleteRule", $$"""{"Name":"b-orders","EventBusName":"{{SharedArn}}"}"""), C, "events:DeleteRule", RuleArn("b-orders"));

        // C's own rule is C's to manage.
        Assert.Equal(200, (await _server.CallAsync(C, "PutRule", PutRule("c-billing", """{"source":["com.c.billing"]}"""))).Status);
        Assert.Equal(200, (await _server.CallAsync(C, "DeleteRule", $$"""{"Name":"c-billing","EventBusName":"{{SharedArn}}"}""")).Status);
    }
}
