using System.Text.Json;
using Switchyard.Tests.CrossAccount;
using static Switchyard.Tests.CrossAccount.CrossAccountServer;

namespace Switchyard.Tests.Diagnostics;

/// <summary><c>POST /_switchyard/explain</c>: which rules match an event, why the others do not, and the bus-policy decisions on the way.</summary>
public sealed class ExplainTests : IAsyncLifetime
{
    private CrossAccountServer _server = null!;

    private const string OrderEvent = """
        {"version":"0","id":"11111111-2222-3333-4444-555555555555","detail-type":"OrderPlaced","source":"com.example.orders",
         "time":"2026-01-01T00:00:00Z","resources":[],"detail":{"state":"placed","amount":12}}
        """;

    public async Task InitializeAsync()
    {
        _server = await CrossAccountServer.StartAsync();
        await _server.OkAsync(A, "CreateEventBus", """{"Name":"shared"}""");
        await _server.OkAsync(A, "PutRule", """{"Name":"placed","EventBusName":"shared","EventPattern":"{\"source\":[\"com.example.orders\"],\"detail\":{\"state\":[\"placed\"]}}"}""");
        await _server.OkAsync(A, "PutRule", """{"Name":"shipped","EventBusName":"shared","EventPattern":"{\"source\":[\"com.example.orders\"],\"detail\":{\"state\":[\"shipped\"]}}"}""");
        await _server.OkAsync(A, "PutRule", """{"Name":"paused","EventBusName":"shared","State":"DISABLED","EventPattern":"{\"source\":[\"com.example.orders\"]}"}""");
        await _server.OkAsync(A, "PutRule", """{"Name":"nightly","ScheduleExpression":"rate(1 day)"}""");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<(int Status, JsonElement Json)> Explain(string account, string bus, string eventJson = OrderEvent) =>
        AdminHttp.ExplainAsync(_server.Harness, $$"""{"account":"{{account}}","region":"us-east-1","eventBusName":"{{bus}}","event":{{eventJson}}}""");

    private static JsonElement Rule(JsonElement report, string name) =>
        report.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("name").GetString() == name);

    [Fact]
    public async Task Says_which_rules_match_and_the_first_field_that_failed_for_the_others()
    {
        var (status, report) = await Explain(A, "shared");
        Assert.Equal(200, status);
        Assert.True(report.GetProperty("matched").GetBoolean());
        Assert.True(report.GetProperty("admitted").GetBoolean());
        Assert.False(report.TryGetProperty("admission", out _));
        Assert.Equal(BusArn(A, "shared"), report.GetProperty("eventBusArn").GetString());
        Assert.Equal(A, report.GetProperty("eventAccount").GetString()); // filled in: the event did not say

        Assert.Equal("matched", Rule(report, "placed").GetProperty("outcome").GetString());
        var shipped = Rule(report, "shipped");
        Assert.Equal("not-matched", shipped.GetProperty("outcome").GetString());
        Assert.Equal("detail.state", shipped.GetProperty("failedField").GetString());
        Assert.Equal("value \"placed\" is not one of [\"shipped\"]", shipped.GetProperty("reason").GetString());
        var paused = Rule(report, "paused");
        Assert.Equal("disabled", paused.GetProperty("outcome").GetString());
        Assert.True(paused.GetProperty("patternMatches").GetBoolean());
    }

    [Fact]
    public async Task Notes_schedule_only_rules_and_reports_no_match()
    {
        var (status, report) = await Explain(A, "default");
        Assert.Equal(200, status);
        Assert.False(report.GetProperty("matched").GetBoolean());
        var nightly = Rule(report, "nightly");
        Assert.Equal("schedule-only", nightly.GetProperty("outcome").GetString());
        Assert.Equal("rate(1 day)", nightly.GetProperty("scheduleExpression").GetString());
    }

    [Fact]
    public async Task Another_accounts_event_shows_the_statement_that_refused_or_admitted_it_and_the_organization()
    {
        var foreign = OrderEvent.Replace("\"source\"", $"\"account\":\"{B}\",\"source\"");
        var (_, refused) = await Explain(A, "shared", foreign);
        Assert.False(refused.GetProperty("admitted").GetBoolean());
        Assert.False(refused.GetProperty("matched").GetBoolean());
        var denial = refused.GetProperty("admission");
        Assert.False(denial.GetProperty("allowed").GetBoolean());
        Assert.Equal("the bus has no resource policy", denial.GetProperty("reason").GetString());
        Assert.Equal(Organization, denial.GetProperty("organizationId").GetString());
        Assert.Equal("matched", Rule(refused, "placed").GetProperty("outcome").GetString()); // what it would do

        await _server.OkAsync(A, "PutPermission",
            $$$"""{"EventBusName":"shared","Action":"events:PutEvents","Principal":"*","StatementId":"org","Condition":{"Type":"StringEquals","Key":"aws:PrincipalOrgID","Value":"{{{Organization}}}"}}""");
        var (_, admitted) = await Explain(A, "shared", foreign);
        Assert.True(admitted.GetProperty("matched").GetBoolean());
        var grant = admitted.GetProperty("admission");
        Assert.True(grant.GetProperty("allowed").GetBoolean());
        Assert.Equal("org", grant.GetProperty("decidingStatementSid").GetString());
        Assert.Equal(0, grant.GetProperty("decidingStatementIndex").GetInt32());
        Assert.True(grant.GetProperty("statements")[0].GetProperty("applies").GetBoolean());

        // C is in no organization: the same statement does not apply, and the trace says which condition failed.
        var stranger = OrderEvent.Replace("\"source\"", $"\"account\":\"{C}\",\"source\"");
        var (_, outsider) = await Explain(A, "shared", stranger);
        var refusal = outsider.GetProperty("admission");
        Assert.False(refusal.GetProperty("allowed").GetBoolean());
        Assert.False(refusal.TryGetProperty("organizationId", out _));
        var statement = refusal.GetProperty("statements")[0];
        Assert.Equal("Condition", statement.GetProperty("failedElement").GetString());
        Assert.Equal("aws:PrincipalOrgID", statement.GetProperty("conditionKey").GetString());
    }

    [Fact]
    public async Task Follows_a_matched_rule_to_another_accounts_bus_and_stops_after_one_hop()
    {
        // B forwards its orders to A's shared bus; A's "placed" rule forwards to a third bus (a second hop).
        await _server.OkAsync(B, "PutRule", """{"Name":"forward","EventPattern":"{\"source\":[\"com.example.orders\"]}"}""");
        await _server.OkAsync(B, "PutTargets", $$"""{"Rule":"forward","Targets":[{"Id":"to-a","Arn":"{{BusArn(A, "shared")}}"}]}""");
        await _server.OkAsync(A, "PutTargets", $$"""{"Rule":"placed","EventBusName":"shared","Targets":[{"Id":"onward","Arn":"{{BusArn(A, "default")}}"}]}""");

        var (_, before) = await Explain(B, "default");
        var hop = Rule(before, "forward").GetProperty("targets")[0];
        Assert.False(hop.GetProperty("access").GetProperty("allowed").GetBoolean());
        Assert.Contains("NO_PERMISSIONS", hop.GetProperty("note").GetString());
        Assert.False(hop.TryGetProperty("downstream", out _));

        await _server.OkAsync(A, "PutPermission", $$"""{"EventBusName":"shared","Action":"events:PutEvents","Principal":"{{B}}","StatementId":"from-b"}""");
        var (_, after) = await Explain(B, "default");
        var allowed = Rule(after, "forward").GetProperty("targets")[0];
        var access = allowed.GetProperty("access");
        Assert.True(access.GetProperty("allowed").GetBoolean());
        Assert.Equal("from-b", access.GetProperty("decidingStatementSid").GetString());
        Assert.Equal(B, access.GetProperty("callerAccount").GetString());

        var downstream = allowed.GetProperty("downstream");
        Assert.Equal(BusArn(A, "shared"), downstream.GetProperty("eventBusArn").GetString());
        Assert.Equal(B, downstream.GetProperty("eventAccount").GetString());
        var onward = Rule(downstream, "placed").GetProperty("targets")[0];
        Assert.StartsWith("dropped", onward.GetProperty("note").GetString());
    }

    [Fact]
    public async Task Refuses_unknown_buses_bad_requests_and_unknown_event_ids()
    {
        var (missing, answer) = await Explain(A, "nope");
        Assert.Equal(404, missing);
        Assert.Contains("does not exist", answer.GetProperty("error").GetString());

        var (bad, _) = await AdminHttp.ExplainAsync(_server.Harness, """{"account":"111111111111","event":"text"}""");
        Assert.Equal(400, bad);
        var (unknown, _) = await AdminHttp.ExplainAsync(_server.Harness, """{"eventId":"no-such-id"}""");
        Assert.Equal(404, unknown);
    }
}
