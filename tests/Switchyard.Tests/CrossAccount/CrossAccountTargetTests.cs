using static Switchyard.Tests.CrossAccount.CrossAccountServer;

namespace Switchyard.Tests.CrossAccount;

/// <summary>PutTargets rules for a target that is another account's event bus.</summary>
public sealed class CrossAccountTargetTests : IAsyncLifetime
{
    private CrossAccountServer _server = null!;
    private static readonly string SharedArn = BusArn(A, "shared");

    public async Task InitializeAsync()
    {
        _server = await CrossAccountServer.StartAsync();
        await _server.OkAsync(A, "CreateEventBus", """{"Name":"shared"}""");
        await _server.OkAsync(B, "PutRule", """{"Name":"forward","EventPattern":"{\"source\":[\"com.b.orders\"]}"}""");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<Integration.ServerHarness.Response> PutTarget(string target) =>
        _server.CallAsync(B, "PutTargets", $$"""{"Rule":"forward","Targets":[{{target}}]}""");

    [Fact]
    public async Task Input_is_not_available_for_another_accounts_bus()
    {
        await _server.OkAsync(A, "PutPermission", $$"""{"EventBusName":"shared","Action":"events:PutEvents","Principal":"{{B}}","StatementId":"b"}""");
        foreach (var shaping in new[] { "\"Input\":\"{}\"", "\"InputPath\":\"$.detail\"", "\"InputTransformer\":{\"InputTemplate\":\"\\\"x\\\"\"}" })
        {
            var response = await PutTarget($$"""{"Id":"a","Arn":"{{SharedArn}}",{{shaping}}}""");
            Assert.Equal("ValidationException", response.ErrorType);
            Assert.Equal("Input, InputPath, and InputTransformer are not available for target a: its Arn is an event bus in another account.", response.ErrorMessage);
        }
        Assert.Equal(200, (await PutTarget($$"""{"Id":"a","Arn":"{{SharedArn}}"}""")).Status);
    }

    [Fact]
    public async Task Organization_grant_requires_a_role_on_the_target_and_an_account_grant_does_not()
    {
        await _server.OkAsync(A, "PutPermission",
            $$$"""{"EventBusName":"shared","Action":"events:PutEvents","Principal":"*","StatementId":"org","Condition":{"Type":"StringEquals","Key":"aws:PrincipalOrgID","Value":"{{{Organization}}}"}}""");
        var withoutRole = await PutTarget($$"""{"Id":"a","Arn":"{{SharedArn}}"}""");
        Assert.Equal("ValidationException", withoutRole.ErrorType);
        Assert.Equal($"RoleArn is required for target {SharedArn}.", withoutRole.ErrorMessage);
        Assert.Equal(200, (await PutTarget($$"""{"Id":"a","Arn":"{{SharedArn}}","RoleArn":"arn:aws:iam::{{B}}:role/forwarder"}""")).Status);

        await _server.OkAsync(A, "PutPermission", $$"""{"EventBusName":"shared","Action":"events:PutEvents","Principal":"{{B}}","StatementId":"b"}""");
        Assert.Equal(200, (await PutTarget($$"""{"Id":"plain","Arn":"{{SharedArn}}"}""")).Status);
    }
}
