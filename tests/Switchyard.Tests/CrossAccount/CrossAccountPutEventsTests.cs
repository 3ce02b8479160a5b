using System.Text;
using System.Text.Json;
using static Switchyard.Tests.CrossAccount.CrossAccountServer;

namespace Switchyard.Tests.CrossAccount;

/// <summary>PutEvents from one account naming another account's bus ARN: the bus policy decides, entry by entry.</summary>
public sealed class CrossAccountPutEventsTests : IAsyncLifetime
{
    private CrossAccountServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await CrossAccountServer.StartAsync();
        await _server.OkAsync(A, "CreateEventBus", """{"Name":"shared"}""");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static readonly string SharedArn = BusArn(A, "shared");

    private static void AssertRefused(JsonElement entry, string account, bool explicitDeny = false)
    {
        Assert.Equal("AccessDeniedException", entry.GetProperty("ErrorCode").GetString());
        Assert.Equal(
            $"User: arn:aws:iam::{account}:root is not authorized to perform: events:PutEvents on resource: {SharedArn} " +
            (explicitDeny ? "with an explicit deny in a resource-based policy" : "because no resource-based policy allows the events:PutEvents action"),
            entry.GetProperty("ErrorMessage").GetString());
        Assert.False(entry.TryGetProperty("EventId", out _));
    }

    private List<string> EnvelopeAccountsOnShared() => _server.Sink.Events
        .Where(e => e.BusScope.AccountId == A && e.BusName == "shared")
        .Select(e => JsonDocument.Parse(e.Envelope).RootElement.GetProperty("account").GetString()!)
        .ToList();

    [Fact]
    public async Task Refused_before_the_grant_and_accepted_after_it_keeping_the_senders_account()
    {
        var before = await _server.PutEventsAsync(B, Entry(SharedArn));
        Assert.Equal(1, before.GetProperty("FailedEntryCount").GetInt32());
        AssertRefused(before.GetProperty("Entries")[0], B);
        Assert.Empty(EnvelopeAccountsOnShared());

        await _server.OkAsync(A, "PutPermission", $$"""{"EventBusName":"shared","Action":"events:PutEvents","Principal":"{{B}}","StatementId":"b"}""");
        var after = await _server.PutEventsAsync(B, Entry(SharedArn));
        Assert.Equal(0, after.GetProperty("FailedEntryCount").GetInt32());
        Assert.False(string.IsNullOrEmpty(after.GetProperty("Entries")[0].GetProperty("EventId").GetString()));
        Assert.Equal([B], EnvelopeAccountsOnShared());

        // The grant names B only.
        AssertRefused((await _server.PutEventsAsync(C, Entry(SharedArn))).GetProperty("Entries")[0], C);
    }

    [Fact]
    public async Task Refusal_is_per_entry_in_a_mixed_batch()
    {
        var answer = await _server.PutEventsAsync(B, Entry("default"), Entry(SharedArn), Entry("default"));
        Assert.Equal(1, answer.GetProperty("FailedEntryCount").GetInt32());
        var entries = answer.GetProperty("Entries");
        Assert.True(entries[0].TryGetProperty("EventId", out _));
        AssertRefused(entries[1], B);
        Assert.True(entries[2].TryGetProperty("EventId", out _));
        Assert.Equal(2, _server.Sink.Events.Count(e => e.BusScope.AccountId == B));
    }

    [Fact]
    public async Task Organization_grant_admits_members_and_refuses_others()
    {
        await _server.OkAsync(A, "PutPermission",
            $$$"""{"EventBusName":"shared","Action":"events:PutEvents","Principal":"*","StatementId":"org","Condition":{"Type":"StringEquals","Key":"aws:PrincipalOrgID","Value":"{{{Organization}}}"}}""");

        var member = await _server.PutEventsAsync(B, Entry(SharedArn));
        Assert.Equal(0, member.GetProperty("FailedEntryCount").GetInt32());
        var stranger = await _server.PutEventsAsync(C, Entry(SharedArn));
        AssertRefused(stranger.GetProperty("Entries")[0], C);
        Assert.Equal([B], EnvelopeAccountsOnShared());
    }

    [Fact]
    public async Task Explicit_deny_on_one_detail_type_blocks_only_those_entries()
    {
        await _server.PutPolicyAsync(A, "shared", $$$"""
            {"Version":"2012-10-17","Statement":[
              {"Sid":"AllowB","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{{B}}}:root"},"Action":"events:PutEvents","Resource":"{{{SharedArn}}}"},
              {"Sid":"NoRefunds","Effect":"Deny","Principal":"*","Action":"events:PutEvents","Resource":"{{{SharedArn}}}",
               "Condition":{"StringEquals":{"events:detail-type":"RefundIssued"}} }]}
            """);

        var answer = await _server.PutEventsAsync(B,
            Entry(SharedArn, detailType: "OrderPlaced"),
            Entry(SharedArn, detailType: "RefundIssued"),
            Entry(SharedArn, detailType: "OrderShipped"));
        Assert.Equal(1, answer.GetProperty("FailedEntryCount").GetInt32());
        var entries = answer.GetProperty("Entries");
        Assert.True(entries[0].TryGetProperty("EventId", out _));
        AssertRefused(entries[1], B, explicitDeny: true);
        Assert.True(entries[2].TryGetProperty("EventId", out _));
        var detailTypes = _server.Sink.Events.Where(e => e.BusName == "shared")
            .Select(e => JsonDocument.Parse(e.Envelope).RootElement.GetProperty("detail-type").GetString()).ToList();
        Assert.Equal(["OrderPlaced", "OrderShipped"], detailTypes);
    }

    [Fact]
    public async Task Explicit_deny_stops_the_bus_owner_too()
    {
        await _server.PutPolicyAsync(A, "shared", $$$"""
            {"Version":"2012-10-17","Statement":[
              {"Sid":"NoRefunds","Effect":"Deny","Principal":"*","Action":"events:PutEvents","Resource":"{{{SharedArn}}}",
               "Condition":{"StringEquals":{"events:detail-type":"RefundIssued"}} }]}
            """);

        var answer = await _server.PutEventsAsync(A,
            Entry("shared", detailType: "OrderPlaced"),
            Entry("shared", detailType: "RefundIssued"));
        Assert.Equal(1, answer.GetProperty("FailedEntryCount").GetInt32());
        AssertRefused(answer.GetProperty("Entries")[1], A, explicitDeny: true);
    }

    [Fact]
    public async Task Revoke_takes_effect_at_once()
    {
        await _server.OkAsync(A, "PutPermission", $$"""{"EventBusName":"shared","Action":"events:PutEvents","Principal":"{{B}}","StatementId":"b"}""");
        Assert.Equal(0, (await _server.PutEventsAsync(B, Entry(SharedArn))).GetProperty("FailedEntryCount").GetInt32());

        await _server.OkAsync(A, "RemovePermission", """{"EventBusName":"shared","StatementId":"b"}""");
        AssertRefused((await _server.PutEventsAsync(B, Entry(SharedArn))).GetProperty("Entries")[0], B);
        Assert.Single(EnvelopeAccountsOnShared());
    }

    [Fact]
    public async Task A_bus_that_does_not_exist_is_refused_like_one_without_a_grant()
    {
        var arn = BusArn(A, "nope");
        var answer = await _server.PutEventsAsync(B, Entry(arn));
        Assert.Equal("AccessDeniedException", answer.GetProperty("Entries")[0].GetProperty("ErrorCode").GetString());
        Assert.Empty(_server.Sink.Events);
    }
}
