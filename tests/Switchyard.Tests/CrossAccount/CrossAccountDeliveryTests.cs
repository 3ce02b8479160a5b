using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Delivery.Metrics;
using Switchyard.Domain;
using Switchyard.Tests.Diagnostics;
using static Switchyard.Tests.CrossAccount.CrossAccountServer;

namespace Switchyard.Tests.CrossAccount;

/// <summary>
/// The scenario end to end: a rule in B targets A's bus; A's rule on that bus writes to a log group (the observable
/// end). Each delivery to A's bus is authorized against A's policy when it happens, so a revoke stops the next one.
/// </summary>
public sealed class CrossAccountDeliveryTests : IAsyncLifetime
{
    private CrossAccountServer _server = null!;
    private static readonly string SharedArn = BusArn(A, "shared");

    public async Task InitializeAsync()
    {
        _server = await CrossAccountServer.StartAsync();
        await _server.OkAsync(A, "CreateEventBus", """{"Name":"shared"}""");
        await _server.OkAsync(A, "PutRule", """{"Name":"orders","EventBusName":"shared","EventPattern":"{\"source\":[\"com.example.orders\"]}"}""");
        await _server.OkAsync(A, "PutTargets",
            $$"""{"Rule":"orders","EventBusName":"shared","Targets":[{"Id":"log","Arn":"arn:aws:logs:us-east-1:{{A}}:log-group:orders"}]}""");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private string LogFile => Path.Combine(_server.LogDirectory, A, Region, "orders.jsonl");

    private async Task Forward(string account, string? roleArn = null)
    {
        await _server.OkAsync(account, "PutRule", """{"Name":"forward","EventPattern":"{\"source\":[\"com.example.orders\"]}"}""");
        var role = roleArn is null ? "" : $",\"RoleArn\":\"{roleArn}\"";
        await _server.OkAsync(account, "PutTargets", $$"""{"Rule":"forward","Targets":[{"Id":"to-a","Arn":"{{SharedArn}}"{{role}}}]}""");
    }

    private async Task<string> Put(string account, int n)
    {
        var answer = await _server.PutEventsAsync(account, Entry("default", detail: $$"""{"n":{{n}}}"""));
        Assert.Equal(0, answer.GetProperty("FailedEntryCount").GetInt32());
        return answer.GetProperty("Entries")[0].GetProperty("EventId").GetString()!;
    }

    private List<JsonElement> Delivered() => File.Exists(LogFile)
        ? File.ReadAllLines(LogFile).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList()
        : [];

    private static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException(what);
            await Task.Delay(20);
        }
    }

    private double FailedForwards(string account) => _server.Harness.Services.GetRequiredService<DeliveryMetrics>()
        .Target(new AccountRegion(account, Region), "default", "forward", "to-a").FailedInvocations.Value;

    [Fact]
    public async Task Account_grant_delivers_with_the_senders_envelope_and_a_revoke_stops_the_next_event()
    {
        await Forward(B);
        await Put(B, 1);
        await Eventually(() => FailedForwards(B) == 1, "the refused delivery is a failed invocation");
        Assert.Empty(Delivered());

        await _server.OkAsync(A, "PutPermission", $$"""{"EventBusName":"shared","Action":"events:PutEvents","Principal":"{{B}}","StatementId":"from-b"}""");
        var id = await Put(B, 2);
        await Eventually(() => Delivered().Count == 1, "delivered to A's log group");
        var delivered = Delivered()[0];
        Assert.Equal(B, delivered.GetProperty("account").GetString());
        Assert.Equal(Region, delivered.GetProperty("region").GetString());
        Assert.Equal(id, delivered.GetProperty("id").GetString()); // same region: the id is kept
        Assert.Equal(2, delivered.GetProperty("detail").GetProperty("n").GetInt32());

        // Explain by id: where it was put, the hop's deciding statement, and A's rule that took it.
        var (status, report) = await AdminHttp.ExplainAsync(_server.Harness, $$"""{"eventId":"{{id}}"}""");
        Assert.Equal(200, status);
        Assert.Equal(BusArn(B, "default"), report.GetProperty("eventBusArn").GetString());
        var hop = report.GetProperty("rules")[0].GetProperty("targets")[0];
        Assert.Equal("from-b", hop.GetProperty("access").GetProperty("decidingStatementSid").GetString());
        Assert.Equal("matched", hop.GetProperty("downstream").GetProperty("rules")[0].GetProperty("outcome").GetString());

        await _server.OkAsync(A, "RemovePermission", """{"EventBusName":"shared","StatementId":"from-b"}""");
        await Put(B, 3);
        await Eventually(() => FailedForwards(B) == 2, "the delivery after the revoke fails");
        Assert.Single(Delivered());
    }

    [Fact]
    public async Task Organization_grant_delivers_for_members_only()
    {
        await _server.OkAsync(A, "PutPermission",
            $$$"""{"EventBusName":"shared","Action":"events:PutEvents","Principal":"*","StatementId":"org","Condition":{"Type":"StringEquals","Key":"aws:PrincipalOrgID","Value":"{{{Organization}}}"}}""");
        await Forward(B, roleArn: $"arn:aws:iam::{B}:role/forwarder");
        await Forward(C); // C is in no organization: nothing asks for a role, and nothing lets it in either

        await Put(C, 1);
        await Put(B, 2);
        await Eventually(() => Delivered().Count == 1 && FailedForwards(C) == 1, "B's event delivered and C's refused");
        Assert.Equal(B, Delivered()[0].GetProperty("account").GetString());
    }
}
