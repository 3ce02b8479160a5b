using System.Text.Json;
using Switchyard.Hosting;
using Switchyard.Settings;

namespace Switchyard.Tests.Integration;

public sealed class PermissionApiTests : IAsyncLifetime
{
    private ServerHarness _server = null!;

    public async Task InitializeAsync() => _server = await ServerHarness.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<string?> PolicyOf(string bus)
    {
        var described = await _server.CallAsync("DescribeEventBus", $$"""{"Name":"{{bus}}"}""");
        Assert.Equal(200, described.Status);
        return described.Json.TryGetProperty("Policy", out var policy) ? policy.GetString() : null;
    }

    [Fact]
    public async Task Account_and_organization_grants_make_aws_policy_document()
    {
        await _server.CallAsync("CreateEventBus", """{"Name":"shared"}""");
        var account = await _server.CallAsync("PutPermission",
            """{"EventBusName":"shared","Action":"events:PutEvents","Principal":"111122223333","StatementId":"acct"}""");
        Assert.Equal(200, account.Status);
        var org = await _server.CallAsync("PutPermission",
            """{"EventBusName":"shared","Action":"events:PutEvents","Principal":"*","StatementId":"org","Condition":{"Type":"StringEquals","Key":"aws:PrincipalOrgID","Value":"o-1234567890"}}""");
        Assert.Equal(200, org.Status);

        const string arn = "arn:aws:events:us-east-1:123456789012:event-bus/shared";
        Assert.Equal(
            "{\"Version\":\"2012-10-17\",\"Statement\":[" +
            $"{{\"Sid\":\"acct\",\"Effect\":\"Allow\",\"Principal\":{{\"AWS\":\"arn:aws:iam::111122223333:root\"}},\"Action\":\"events:PutEvents\",\"Resource\":\"{arn}\"}}," +
            $"{{\"Sid\":\"org\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"events:PutEvents\",\"Resource\":\"{arn}\",\"Condition\":{{\"StringEquals\":{{\"aws:PrincipalOrgID\":\"o-1234567890\"}}}}}}]}}",
            await PolicyOf("shared"));
    }

    [Fact]
    public async Task Same_statement_id_replaces_and_removal_empties()
    {
        await _server.CallAsync("PutPermission", """{"Action":"events:PutEvents","Principal":"111122223333","StatementId":"s1"}""");
        await _server.CallAsync("PutPermission", """{"Action":"events:PutEvents","Principal":"444455556666","StatementId":"s1"}""");
        var policy = JsonDocument.Parse((await PolicyOf("default"))!).RootElement;
        var statements = policy.GetProperty("Statement");
        Assert.Equal(1, statements.GetArrayLength());
        Assert.Equal("arn:aws:iam::444455556666:root", statements[0].GetProperty("Principal").GetProperty("AWS").GetString());

        var missing = await _server.CallAsync("RemovePermission", """{"StatementId":"nope"}""");
        Assert.Equal("ResourceNotFoundException", missing.ErrorType);
        Assert.Equal("Statement with the provided id does not exist.", missing.ErrorMessage);

        Assert.Equal(200, (await _server.CallAsync("RemovePermission", """{"StatementId":"s1"}""")).Status);
        Assert.Null(await PolicyOf("default"));
    }

    [Fact]
    public async Task Remove_all_permissions_drops_the_policy()
    {
        await _server.CallAsync("PutPermission", """{"Action":"events:PutEvents","Principal":"*","StatementId":"everyone"}""");
        Assert.Equal(200, (await _server.CallAsync("RemovePermission", """{"RemoveAllPermissions":true}""")).Status);
        Assert.Null(await PolicyOf("default"));
    }

    [Fact]
    public async Task Policy_form_replaces_the_whole_policy()
    {
        await _server.CallAsync("PutPermission", """{"Action":"events:PutEvents","Principal":"111122223333","StatementId":"old"}""");
        const string document = """{"Version":"2012-10-17","Statement":[{"Sid":"svc","Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"events:ListRules","Resource":"*"}]}""";
        var put = await _server.CallAsync("PutPermission", JsonSerializer.Serialize(new Dictionary<string, string> { ["Policy"] = document }, TestJson.Default.DictionaryStringString));
        Assert.Equal(200, put.Status);
        Assert.Equal(document, await PolicyOf("default"));
    }

    [Theory]
    [InlineData("""{"Action":"events:PutEvents","Principal":"abc","StatementId":"s"}""",
        "1 validation error detected: Value 'abc' at 'principal' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\d{12}|\\*)")]
    [InlineData("""{"Action":"events:PutRule","Principal":"111122223333","StatementId":"s"}""",
        "Provided value in parameter 'action' is not supported.")]
    [InlineData("""{"Action":"events:PutEvents","Principal":"111122223333","StatementId":"s","Condition":{"Type":"StringEquals","Key":"aws:PrincipalOrgID","Value":"o-1234567890"}}""",
        "Value of the parameter 'principal' must be '*' when the parameter 'condition' is set.")]
    public async Task Bad_input_is_refused_and_changes_nothing(string body, string message)
    {
        var response = await _server.CallAsync("PutPermission", body);
        Assert.Equal(400, response.Status);
        Assert.Equal("ValidationException", response.ErrorType);
        Assert.Equal(message, response.ErrorMessage);
        Assert.Null(await PolicyOf("default"));
    }

    [Fact]
    public async Task Unknown_bus_and_policy_length()
    {
        var unknown = await _server.CallAsync("PutPermission", """{"EventBusName":"nope","Action":"events:PutEvents","Principal":"*","StatementId":"s"}""");
        Assert.Equal("ResourceNotFoundException", unknown.ErrorType);
        Assert.Equal("Event bus nope does not exist.", unknown.ErrorMessage);

        string? lastError = null;
        for (var i = 0; i < 100 && lastError is null; i++)
        {
            var response = await _server.CallAsync("PutPermission",
                $$"""{"Action":"events:PutEvents","Principal":"{{100000000000 + i}}","StatementId":"statement-number-{{i}}"}""");
            lastError = response.ErrorType;
        }
        Assert.Equal("PolicyLengthExceededException", lastError);
        Assert.True((await PolicyOf("default"))!.Length <= 10_240);
    }

    [Fact]
    public async Task Parallel_grants_are_all_kept()
    {
        await _server.CallAsync("CreateEventBus", """{"Name":"busy"}""");
        var calls = Enumerable.Range(0, 20).Select(i => _server.CallAsync("PutPermission",
            $$"""{"EventBusName":"busy","Action":"events:PutEvents","Principal":"{{200000000000 + i}}","StatementId":"p{{i}}"}"""));
        var results = await Task.WhenAll(calls);
        var policy = JsonDocument.Parse((await PolicyOf("busy"))!).RootElement;
        var sids = policy.GetProperty("Statement").EnumerateArray().Select(s => s.GetProperty("Sid").GetString()).ToHashSet();
        for (var i = 0; i < 20; i++)
        {
            if (results[i].Status == 200) Assert.Contains($"p{i}", sids);
            else Assert.Equal("ConcurrentModificationException", results[i].ErrorType);
        }
    }

    [Fact]
    public async Task Permissions_survive_a_restart()
    {
        var dir = Directory.CreateTempSubdirectory("switchyard-test-").FullName;
        try
        {
            await using (var first = await ServerHarness.StartAsync(new ServerOptions { DataDirectory = dir }))
            {
                await first.CallAsync("CreateEventBus", """{"Name":"durable"}""");
                Assert.Equal(200, (await first.CallAsync("PutPermission",
                    """{"EventBusName":"durable","Action":"events:PutEvents","Principal":"111122223333","StatementId":"keep"}""")).Status);
            }
            await using var second = await ServerHarness.StartAsync(new ServerOptions { DataDirectory = dir });
            var described = await second.CallAsync("DescribeEventBus", """{"Name":"durable"}""");
            Assert.Contains("\"Sid\":\"keep\"", described.Json.GetProperty("Policy").GetString());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
