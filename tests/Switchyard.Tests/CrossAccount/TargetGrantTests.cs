using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Delivery.Invokers;
using Switchyard.Delivery.Metrics;
using Switchyard.Domain;
using Switchyard.Hosting;
using static Switchyard.Tests.CrossAccount.CrossAccountServer;
using Switchyard.Settings;

namespace Switchyard.Tests.CrossAccount;

/// <summary>
/// A rule of account B delivering into account A's log groups: refused (NO_PERMISSIONS, a failed invocation, no
/// line written) unless A's config grants it, by <c>logs.allowAccounts</c> or by a resource policy of A's that
/// allows the rule's account (as <c>events.amazonaws.com</c> with <c>aws:SourceAccount</c>) or its execution role.
/// </summary>
public sealed class TargetGrantTests : IAsyncLifetime
{
    private CrossAccountServer _server = null!;

    private static string Fill(string policy) => policy.Replace("REGION", Region).Replace("ACCOUNT_A", A).Replace("ACCOUNT_B", B);

    private static string Group(string name) => $"arn:aws:logs:{Region}:{A}:log-group:{name}";

    private static readonly string Config = new JsonObject
    {
        ["logs"] = new JsonObject
        {
            ["allowAccounts"] = new JsonObject
            {
                [Group("/granted/by-list")] = new JsonArray(B),
                [Group("/denied/despite-list")] = new JsonArray(B),
            },
            ["resourcePolicies"] = new JsonObject
            {
                [A] = new JsonArray(
                    JsonNode.Parse(Fill("""
                        {"Version":"2012-10-17","Statement":[
                          {"Sid":"EventBridgeForB","Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},
                           "Action":["logs:CreateLogStream","logs:PutLogEvents"],
                           "Resource":"arn:aws:logs:REGION:ACCOUNT_A:log-group:/granted/by-policy/*",
                           "Condition":{"StringEquals":{"aws:SourceAccount":"ACCOUNT_B"}}},
                          {"Sid":"RoleOfB","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::ACCOUNT_B:role/deliver"},
                           "Action":"logs:*","Resource":"arn:aws:logs:REGION:ACCOUNT_A:log-group:/granted/to-role:*"}]}
                        """)),
                    JsonNode.Parse(Fill("""
                        {"Version":"2012-10-17","Statement":[
                          {"Sid":"NoB","Effect":"Deny","Principal":"*","Action":"logs:PutLogEvents",
                           "Resource":"arn:aws:logs:REGION:ACCOUNT_A:log-group:/denied/*",
                           "Condition":{"StringEquals":{"aws:SourceAccount":"ACCOUNT_B"}}}]}
                        """))),
            },
        },
    }.ToJsonString();

    public async Task InitializeAsync() => _server = await StartAsync(Config);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private string LogFile(string account, string group) => Path.Combine(_server.LogDirectory, account, Region, LogGroupFiles.FileName(group));

    private int Lines(string account, string group) =>
        File.Exists(LogFile(account, group)) ? File.ReadAllLines(LogFile(account, group)).Count(l => l.Length > 0) : 0;

    private double Counter(string account, string rule, Func<DeliveryMetrics.TargetSeries, double> value) =>
        value(_server.Harness.Services.GetRequiredService<DeliveryMetrics>().Target(new AccountRegion(account, Region), "default", rule, "log"));

    private async Task Deliver(string account, string rule, string targetArn, string? role = null)
    {
        await _server.OkAsync(account, "PutRule", $$"""{"Name":"{{rule}}","EventPattern":"{\"source\":[\"{{rule}}\"]}"}""");
        var target = new JsonObject { ["Id"] = "log", ["Arn"] = targetArn };
        if (role is not null) target["RoleArn"] = role;
        await _server.OkAsync(account, "PutTargets", new JsonObject { ["Rule"] = rule, ["Targets"] = new JsonArray(target) }.ToJsonString());
        await _server.PutEventsAsync(account, Entry("default", source: rule));
        await Eventually(() => Counter(account, rule, s => s.Invocations.Value) >= 1, $"rule {rule} finished its delivery");
    }

    private static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException(what);
            await Task.Delay(20);
        }
    }

    private async Task AssertRefused(string rule, string group)
    {
        Assert.Equal(1, Counter(B, rule, s => s.FailedInvocations.Value));
        Assert.Equal(0, Lines(A, group));
        Assert.True(_server.Logs.Logged(w => w.Contains($"rule/{rule} ", StringComparison.Ordinal) && w.Contains("error NO_PERMISSIONS", StringComparison.Ordinal)),
            $"a NO_PERMISSIONS warning for rule {rule}");
        Assert.False(Directory.Exists(Path.Combine(_server.LogDirectory, B)), "nothing is written in the rule's account instead");
    }

    private void AssertDelivered(string rule, string group)
    {
        Assert.Equal(0, Counter(B, rule, s => s.FailedInvocations.Value));
        Assert.Equal(1, Lines(A, group));
    }

    [Fact]
    public async Task Without_a_grant_another_accounts_log_group_is_refused()
    {
        await Deliver(B, "plain", Group("/private/app"));
        await AssertRefused("plain", "/private/app");
    }

    [Fact]
    public async Task The_owner_delivers_to_its_own_log_group_without_any_grant()
    {
        await Deliver(A, "own", Group("/private/app"));
        Assert.Equal(1, Lines(A, "/private/app"));
    }

    [Fact]
    public async Task AllowAccounts_admits_the_listed_account()
    {
        await Deliver(B, "listed", Group("/granted/by-list"));
        AssertDelivered("listed", "/granted/by-list");
    }

    [Fact]
    public async Task A_resource_policy_for_events_with_the_source_account_admits_that_accounts_rules()
    {
        await Deliver(B, "by-policy", Group("/granted/by-policy/app"));
        AssertDelivered("by-policy", "/granted/by-policy/app");
        await Deliver(C, "other-account", Group("/granted/by-policy/app"));
        Assert.Equal(1, Counter(C, "other-account", s => s.FailedInvocations.Value));
        Assert.Equal(1, Lines(A, "/granted/by-policy/app"));
    }

    [Fact]
    public async Task A_policy_naming_the_rules_execution_role_admits_a_target_with_that_role_only()
    {
        await Deliver(B, "no-role", Group("/granted/to-role"));
        await AssertRefused("no-role", "/granted/to-role");
        await Deliver(B, "with-role", Group("/granted/to-role"), role: $"arn:aws:iam::{B}:role/deliver");
        AssertDelivered("with-role", "/granted/to-role");
    }

    [Fact]
    public async Task An_explicit_deny_wins_over_allowAccounts()
    {
        await Deliver(B, "denied", Group("/denied/despite-list"));
        await AssertRefused("denied", "/denied/despite-list");
    }

    [Fact]
    public async Task A_role_of_another_account_borrows_no_grant()
    {
        // The policy grants B's role; C naming that role must not get in.
        await Deliver(C, "borrowed", Group("/granted/to-role"), role: $"arn:aws:iam::{B}:role/deliver");
        Assert.Equal(1, Counter(C, "borrowed", s => s.FailedInvocations.Value));
        Assert.True(_server.Logs.Logged(w => w.Contains("must be a role of account " + C, StringComparison.Ordinal)), "the borrowed role is named in a warning");
        Assert.Equal(0, Lines(A, "/granted/to-role"));
    }

    [Theory]
    [InlineData("""{"logs":{"allowAccounts":{"arn:aws:logs:us-east-1:..:log-group:x":["222222222222"]}}}""")]
    [InlineData("""{"logs":{"allowAccounts":{"arn:aws:logs:us-east-1:111111111111:log-group:x":["B"]}}}""")]
    [InlineData("""{"logs":{"resourcePolicies":{"111111111111":{"Statement":[]}}}}""")]
    [InlineData("""{"logs":{"resourcePolicies":{"nope":[]}}}""")]
    [InlineData("""{"logs":{"grants":{}}}""")]
    [InlineData("""{"lambda":{"functions":{"arn:aws:lambda:us-east-1:111111111111:function:f":{"allowAccounts":["222222222222"]}}}}""")]
    [InlineData("""{"lambda":{"functions":{"arn:aws:lambda:us-east-1:111111111111:function:f":{"url":"http://127.0.0.1:1/","policy":{"Version":"2012-10-17"}}}}}""")]
    public void Bad_grant_config_is_refused_when_read(string config)
    {
        var modules = new ModuleSettings(JsonDocument.Parse(config).RootElement.EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.Clone()));
        Assert.Throws<OptionsException>(() =>
        {
            _ = new LogGroupGrants(modules);
            using var _lambda = new LambdaTargetInvoker(modules, new DeliveryOptions(), null!);
        });
    }
}
