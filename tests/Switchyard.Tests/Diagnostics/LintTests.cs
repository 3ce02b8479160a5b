using Switchyard.Tests.CrossAccount;
using static Switchyard.Tests.CrossAccount.CrossAccountServer;

namespace Switchyard.Tests.Diagnostics;

/// <summary>The advisor: buses that let everyone in unconditionally, and their rules that take any account's events.</summary>
public sealed class LintTests : IAsyncLifetime
{
    private CrossAccountServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await CrossAccountServer.StartAsync();
        await _server.OkAsync(A, "CreateEventBus", """{"Name":"shared"}""");
        await _server.OkAsync(A, "PutRule", """{"Name":"any-account","EventBusName":"shared","EventPattern":"{\"source\":[\"com.example.orders\"]}"}""");
        await _server.OkAsync(A, "PutRule", $$"""{"Name":"only-b","EventBusName":"shared","EventPattern":"{\"account\":[\"{{B}}\"]}"}""");
        await _server.OkAsync(A, "PutRule", $$"""{"Name":"either-way-b","EventBusName":"shared","EventPattern":"{\"$or\":[{\"account\":[\"{{B}}\"]},{\"account\":[\"{{C}}\"],\"source\":[\"x\"]}]}"}""");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task No_findings_without_an_open_grant_or_with_a_conditional_one()
    {
        var (status, report) = await AdminHttp.GetAsync(_server.Harness, "/_switchyard/lint");
        Assert.Equal(200, status);
        Assert.Equal(0, report.GetProperty("findings").GetArrayLength());

        await _server.OkAsync(A, "PutPermission",
            $$$"""{"EventBusName":"shared","Action":"events:PutEvents","Principal":"*","StatementId":"org","Condition":{"Type":"StringEquals","Key":"aws:PrincipalOrgID","Value":"{{{Organization}}}"}}""");
        await _server.OkAsync(A, "PutPermission", $$"""{"EventBusName":"shared","Action":"events:PutEvents","Principal":"{{B}}","StatementId":"b"}""");
        (_, report) = await AdminHttp.GetAsync(_server.Harness, "/_switchyard/lint");
        Assert.Equal(0, report.GetProperty("findings").GetArrayLength());
        Assert.Equal(0, (await AdminHttp.RunCliAsync(_server.Harness, "lint", [])).ExitCode);
        Assert.Empty(_server.Logs.Warnings);
    }

    [Fact]
    public async Task An_unconditional_grant_to_everyone_lists_the_rules_without_an_account_field()
    {
        await _server.OkAsync(A, "PutPermission", """{"EventBusName":"shared","Action":"events:PutEvents","Principal":"*","StatementId":"everyone"}""");

        var (_, report) = await AdminHttp.GetAsync(_server.Harness, "/_switchyard/lint");
        var finding = Assert.Single(report.GetProperty("findings").EnumerateArray());
        Assert.Equal(BusArn(A, "shared"), finding.GetProperty("eventBusArn").GetString());
        Assert.Equal("everyone", finding.GetProperty("openGrants")[0].GetProperty("sid").GetString());
        Assert.Equal(["any-account"], finding.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("name").GetString()));

        // Scoped to an account: another account has no findings.
        var (_, other) = await AdminHttp.GetAsync(_server.Harness, $"/_switchyard/lint?account={B}");
        Assert.Equal(0, other.GetProperty("findings").GetArrayLength());

        var run = await AdminHttp.RunCliAsync(_server.Harness, "lint", []);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"warning: {BusArn(A, "shared")} lets every AWS account put events", run.Out);
        Assert.Contains("any-account (ENABLED)", run.Out);
        Assert.DoesNotContain("only-b", run.Out);
    }

    [Fact]
    public async Task The_policy_form_with_AWS_star_counts_as_everyone()
    {
        await _server.PutPolicyAsync(A, "shared", $$$"""
            {"Version":"2012-10-17","Statement":[{"Sid":"open","Effect":"Allow","Principal":{"AWS":"*"},"Action":"events:*","Resource":"{{{BusArn(A, "shared")}}}"}]}
            """);
        var (_, report) = await AdminHttp.GetAsync(_server.Harness, "/_switchyard/lint");
        Assert.Single(report.GetProperty("findings").EnumerateArray());
    }

    [Fact]
    public async Task The_server_log_warns_when_such_a_grant_or_such_a_rule_is_made()
    {
        await _server.OkAsync(A, "PutPermission", """{"EventBusName":"shared","Action":"events:PutEvents","Principal":"*","StatementId":"everyone"}""");
        var grantWarning = Assert.Single(_server.Logs.Warnings);
        Assert.Contains($"event bus {BusArn(A, "shared")} now lets every AWS account put events", grantWarning);
        Assert.Contains("'everyone'", grantWarning);
        Assert.Contains("any-account", grantWarning);

        await _server.OkAsync(A, "PutRule", """{"Name":"late","EventBusName":"shared","EventPattern":"{\"source\":[\"x\"]}"}""");
        await _server.OkAsync(A, "PutRule", $$"""{"Name":"late-but-scoped","EventBusName":"shared","EventPattern":"{\"account\":[\"{{A}}\"]}"}""");
        Assert.Equal(2, _server.Logs.Warnings.Count);
        Assert.Contains($"rule arn:aws:events:us-east-1:{A}:rule/shared/late has no \"account\" field", _server.Logs.Warnings[1]);

        // Replacing the grant with the same statement is not news.
        await _server.OkAsync(A, "PutPermission", """{"EventBusName":"shared","Action":"events:PutEvents","Principal":"*","StatementId":"everyone"}""");
        Assert.Equal(2, _server.Logs.Warnings.Count);
    }
}
