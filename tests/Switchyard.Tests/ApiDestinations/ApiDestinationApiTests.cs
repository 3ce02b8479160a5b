using Switchyard.Tests.Integration;

namespace Switchyard.Tests.ApiDestinations;

public sealed class ApiDestinationApiTests : IAsyncLifetime
{
    private ServerHarness _server = null!;
    private string _connectionArn = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerHarness.StartAsync();
        var created = await _server.CallAsync("CreateConnection",
            """{"Name":"conn","AuthorizationType":"BASIC","AuthParameters":{"BasicAuthParameters":{"Username":"u","Password":"p"}}}""");
        _connectionArn = created.Json.GetProperty("ConnectionArn").GetString()!;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private string Create(string name, string extra = "") =>
        $$"""{"Name":"{{name}}","ConnectionArn":"{{_connectionArn}}","InvocationEndpoint":"https://example.com/api","HttpMethod":"POST"{{extra}}}""";

    [Fact]
    public async Task Create_describe_list_update_delete()
    {
        var created = await _server.CallAsync("CreateApiDestination", Create("dest", ""","Description":"Test API destination" """));
        Assert.Equal(200, created.Status);
        var arn = created.Json.GetProperty("ApiDestinationArn").GetString()!;
        Assert.Matches(@"^arn:aws:events:us-east-1:123456789012:api-destination/dest/[0-9a-f-]{36}$", arn);
        Assert.Equal("ACTIVE", created.Json.GetProperty("ApiDestinationState").GetString());

        var described = await _server.CallAsync("DescribeApiDestination", """{"Name":"dest"}""");
        var json = described.Json;
        Assert.Equal(arn, json.GetProperty("ApiDestinationArn").GetString());
        Assert.Equal("dest", json.GetProperty("Name").GetString());
        Assert.Equal("Test API destination", json.GetProperty("Description").GetString());
        Assert.Equal(_connectionArn, json.GetProperty("ConnectionArn").GetString());
        Assert.Equal("https://example.com/api", json.GetProperty("InvocationEndpoint").GetString());
        Assert.Equal("POST", json.GetProperty("HttpMethod").GetString());
        Assert.Equal(300, json.GetProperty("InvocationRateLimitPerSecond").GetInt32());
        Assert.True(json.TryGetProperty("CreationTime", out _));

        var listed = await _server.CallAsync("ListApiDestinations", """{"NamePrefix":"de"}""");
        var entry = Assert.Single(listed.Json.GetProperty("ApiDestinations").EnumerateArray());
        Assert.False(entry.TryGetProperty("Description", out _));
        Assert.Equal(300, entry.GetProperty("InvocationRateLimitPerSecond").GetInt32());

        var updated = await _server.CallAsync("UpdateApiDestination",
            """{"Name":"dest","HttpMethod":"PUT","InvocationEndpoint":"https://example.com/api/v2","InvocationRateLimitPerSecond":7}""");
        Assert.Equal(200, updated.Status);
        Assert.Equal("ACTIVE", updated.Json.GetProperty("ApiDestinationState").GetString());
        var after = (await _server.CallAsync("DescribeApiDestination", """{"Name":"dest"}""")).Json;
        Assert.Equal("PUT", after.GetProperty("HttpMethod").GetString());
        Assert.Equal("https://example.com/api/v2", after.GetProperty("InvocationEndpoint").GetString());
        Assert.Equal(7, after.GetProperty("InvocationRateLimitPerSecond").GetInt32());
        Assert.Equal("Test API destination", after.GetProperty("Description").GetString());

        Assert.Equal(200, (await _server.CallAsync("DeleteApiDestination", """{"Name":"dest"}""")).Status);
        var missing = await _server.CallAsync("DescribeApiDestination", """{"Name":"dest"}""");
        Assert.Equal("ResourceNotFoundException", missing.ErrorType);
        Assert.Equal("Failed to describe the api-destination(s). An api-destination 'dest' does not exist.", missing.ErrorMessage);
    }

    [Fact]
    public async Task Duplicate_names_are_refused()
    {
        await _server.CallAsync("CreateApiDestination", Create("dest"));
        var again = await _server.CallAsync("CreateApiDestination", Create("dest"));
        Assert.Equal("ResourceAlreadyExistsException", again.ErrorType);
        Assert.Equal("An api-destination 'dest' already exists.", again.ErrorMessage);
    }

    [Fact]
    public async Task Connection_must_exist_in_the_callers_account_and_region()
    {
        var unknown = _connectionArn[..^36] + Guid.NewGuid();
        var stale = await _server.CallAsync("CreateApiDestination", Create("d1").Replace(_connectionArn, unknown));
        Assert.Equal("ResourceNotFoundException", stale.ErrorType);
        Assert.Equal("Failed to describe the connection(s). Connection 'conn' does not exist.", stale.ErrorMessage);

        var foreign = await _server.CallAsync("CreateApiDestination", Create("d2"), accessKeyId: "222222222222");
        Assert.Equal("ResourceNotFoundException", foreign.ErrorType);

        await _server.CallAsync("CreateApiDestination", Create("d3"));
        var badUpdate = await _server.CallAsync("UpdateApiDestination", $$"""{"Name":"d3","ConnectionArn":"{{unknown}}"}""");
        Assert.Equal("ResourceNotFoundException", badUpdate.ErrorType);
    }

    [Fact]
    public async Task Invalid_parameters_are_validation_errors()
    {
        // Recorded from AWS: both model violations are reported together (LocalStack snapshot
        // test_create_api_destination_invalid_parameters).
        var invalid = await _server.CallAsync("CreateApiDestination",
            """{"Name":"d","ConnectionArn":"invalid-connection-arn","InvocationEndpoint":"invalid-endpoint","HttpMethod":"INVALID_METHOD"}""");
        Assert.Equal("ValidationException", invalid.ErrorType);
        Assert.StartsWith("2 validation errors detected: Value 'invalid-connection-arn' at 'connectionArn' failed to satisfy constraint", invalid.ErrorMessage);

        var endpoint = await _server.CallAsync("CreateApiDestination", Create("d").Replace("https://example.com/api", "invalid-endpoint"));
        Assert.Equal("ValidationException", endpoint.ErrorType);

        var rate = await _server.CallAsync("CreateApiDestination", Create("d", ""","InvocationRateLimitPerSecond":0"""));
        Assert.Equal("ValidationException", rate.ErrorType);
    }

    [Fact]
    public async Task List_filters_by_connection_and_pages()
    {
        var other = (await _server.CallAsync("CreateConnection",
            """{"Name":"other","AuthorizationType":"API_KEY","AuthParameters":{"ApiKeyAuthParameters":{"ApiKeyName":"k","ApiKeyValue":"v"}}}"""))
            .Json.GetProperty("ConnectionArn").GetString()!;
        for (var i = 0; i < 3; i++) await _server.CallAsync("CreateApiDestination", Create($"a{i}"));
        await _server.CallAsync("CreateApiDestination", Create("b0").Replace(_connectionArn, other));

        var byConnection = await _server.CallAsync("ListApiDestinations", $$"""{"ConnectionArn":"{{other}}"}""");
        Assert.Equal("b0", Assert.Single(byConnection.Json.GetProperty("ApiDestinations").EnumerateArray()).GetProperty("Name").GetString());

        var first = await _server.CallAsync("ListApiDestinations", """{"Limit":2}""");
        Assert.Equal(2, first.Json.GetProperty("ApiDestinations").GetArrayLength());
        var token = first.Json.GetProperty("NextToken").GetString();
        var second = await _server.CallAsync("ListApiDestinations", $$"""{"Limit":2,"NextToken":"{{token}}"}""");
        Assert.Equal(["a2", "b0"], second.Json.GetProperty("ApiDestinations").EnumerateArray().Select(d => d.GetProperty("Name").GetString()));
        Assert.False(second.Json.TryGetProperty("NextToken", out _));
    }

    [Fact]
    public async Task Deleting_the_connection_leaves_its_destinations_inactive()
    {
        await _server.CallAsync("CreateApiDestination", Create("dest"));
        Assert.Equal(200, (await _server.CallAsync("DeleteConnection", """{"Name":"conn"}""")).Status);
        var described = await _server.CallAsync("DescribeApiDestination", """{"Name":"dest"}""");
        Assert.Equal("INACTIVE", described.Json.GetProperty("ApiDestinationState").GetString());
    }
}
