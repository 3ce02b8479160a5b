namespace Switchyard.Tests.Integration;

public sealed class EventBusApiTests : IAsyncLifetime
{
    private ServerHarness _server = null!;

    public async Task InitializeAsync() => _server = await ServerHarness.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Default_bus_exists_and_cannot_be_deleted()
    {
        var described = await _server.CallAsync("DescribeEventBus", "{}");
        Assert.Equal(200, described.Status);
        Assert.Equal("default", described.Json.GetProperty("Name").GetString());
        Assert.Equal("arn:aws:events:us-east-1:123456789012:event-bus/default", described.Json.GetProperty("Arn").GetString());
        Assert.False(described.Json.TryGetProperty("Policy", out _));

        var deleted = await _server.CallAsync("DeleteEventBus", """{"Name":"default"}""");
        Assert.Equal(400, deleted.Status);
        Assert.Equal("ValidationException", deleted.ErrorType);
        Assert.Equal("Cannot delete event bus default.", deleted.ErrorMessage);
    }

    [Fact]
    public async Task Create_describe_list_update_delete()
    {
        var created = await _server.CallAsync("CreateEventBus", """{"Name":"orders","Description":"d1","Tags":[{"Key":"team","Value":"a"}]}""");
        Assert.Equal(200, created.Status);
        Assert.Equal("arn:aws:events:us-east-1:123456789012:event-bus/orders", created.Json.GetProperty("EventBusArn").GetString());

        var again = await _server.CallAsync("CreateEventBus", """{"Name":"orders"}""");
        Assert.Equal("ResourceAlreadyExistsException", again.ErrorType);
        Assert.Equal("Event bus orders already exists.", again.ErrorMessage);

        var updated = await _server.CallAsync("UpdateEventBus", """{"Name":"orders","Description":"d2"}""");
        Assert.Equal("d2", updated.Json.GetProperty("Description").GetString());

        var byArn = await _server.CallAsync("DescribeEventBus", """{"Name":"arn:aws:events:us-east-1:123456789012:event-bus/orders"}""");
        Assert.Equal("d2", byArn.Json.GetProperty("Description").GetString());

        var listed = await _server.CallAsync("ListEventBuses", """{"NamePrefix":"ord"}""");
        var buses = listed.Json.GetProperty("EventBuses");
        Assert.Equal(1, buses.GetArrayLength());

        var tags = await _server.CallAsync("ListTagsForResource", """{"ResourceARN":"arn:aws:events:us-east-1:123456789012:event-bus/orders"}""");
        Assert.Equal("""[{"Key":"team","Value":"a"}]""", tags.Json.GetProperty("Tags").GetRawText());

        Assert.Equal(200, (await _server.CallAsync("DeleteEventBus", """{"Name":"orders"}""")).Status);
        var missing = await _server.CallAsync("DescribeEventBus", """{"Name":"orders"}""");
        Assert.Equal("ResourceNotFoundException", missing.ErrorType);
        Assert.Equal("Event bus orders does not exist.", missing.ErrorMessage);
    }

    [Fact]
    public async Task Accounts_do_not_see_each_other()
    {
        await _server.CallAsync("CreateEventBus", """{"Name":"mine"}""", accessKeyId: "111111111111");
        var other = await _server.CallAsync("DescribeEventBus", """{"Name":"mine"}""", accessKeyId: "222222222222");
        Assert.Equal("ResourceNotFoundException", other.ErrorType);
        var foreignArn = await _server.CallAsync("DescribeEventBus", """{"Name":"arn:aws:events:us-east-1:111111111111:event-bus/mine"}""", accessKeyId: "222222222222");
        Assert.Equal("AccessDeniedException", foreignArn.ErrorType);
    }

    [Fact]
    public async Task List_pages_with_next_token()
    {
        for (var i = 0; i < 5; i++) await _server.CallAsync("CreateEventBus", $$"""{"Name":"page-{{i}}"}""");
        var names = new List<string>();
        string? token = null;
        do
        {
            var body = token is null ? """{"NamePrefix":"page-","Limit":2}""" : $$"""{"NamePrefix":"page-","Limit":2,"NextToken":"{{token}}"}""";
            var page = await _server.CallAsync("ListEventBuses", body);
            names.AddRange(page.Json.GetProperty("EventBuses").EnumerateArray().Select(b => b.GetProperty("Name").GetString()!));
            token = page.Json.TryGetProperty("NextToken", out var t) ? t.GetString() : null;
        } while (token is not null);
        Assert.Equal(["page-0", "page-1", "page-2", "page-3", "page-4"], names);
    }

    [Fact]
    public async Task Wire_errors_carry_aws_shapes()
    {
        var unknown = await _server.CallAsync("NoSuchOperation", "{}");
        Assert.Equal(400, unknown.Status);
        Assert.Equal("UnknownOperationException", unknown.ErrorType);
        Assert.NotNull(unknown.RequestId);

        var malformed = await _server.CallAsync("ListEventBuses", "{not json");
        Assert.Equal("SerializationException", malformed.ErrorType);

        // Valid JSON, but a lone surrogate escape .NET cannot hold as a string: refused as malformed, not a 500.
        foreach (var (operation, body) in new[]
        {
            ("PutEvents", """{"Entries":[{"Source":"s","DetailType":"t","Detail":"\ud800"}]}"""),
            ("PutEvents", """{"Entries":[{"Source":"s","DetailType":"t","Detail":"{\"a\":\"\ud800\"}"}]}"""),
            ("CreateEventBus", """{"Name":"lone","Description":"\udc00"}"""),
        })
        {
            var surrogate = await _server.CallAsync(operation, body);
            Assert.Equal(400, surrogate.Status);
            Assert.Equal("SerializationException", surrogate.ErrorType);
        }
        Assert.Equal("ResourceNotFoundException", (await _server.CallAsync("DescribeEventBus", """{"Name":"lone"}""")).ErrorType);

        var missingName = await _server.CallAsync("CreateEventBus", "{}");
        Assert.Equal("ValidationException", missingName.ErrorType);
        Assert.Equal("1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null", missingName.ErrorMessage);
    }
}
