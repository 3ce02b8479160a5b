using System.Net.Sockets;
using System.Text;
using Switchyard.Tests.Integration;

namespace Switchyard.Tests.Fuzzing;

/// <summary>
/// The five kinds of bad input that once answered HTTP 500 (issue 12, item 4), each pinned to the answer it gets now
/// and to "nothing changed".
/// </summary>
public sealed class KnownBadInputTests : IAsyncLifetime
{
    private ServerHarness _server = null!;

    public async Task InitializeAsync() => _server = await ServerHarness.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("ListRules")]
    [InlineData("ListEventBuses")]
    [InlineData("PutPermission")]
    [InlineData("DescribeEventBus")]
    [InlineData("UpdateEventBus")]
    [InlineData("RemovePermission")]
    [InlineData("ListConnections")]
    [InlineData("ListApiDestinations")]
    public async Task A_null_body_is_answered_as_an_empty_object(string operation)
    {
        var asNull = await _server.CallAsync(operation, "null");
        var asEmpty = await _server.CallAsync(operation, "{}");

        Assert.InRange(asNull.Status, 200, 499);
        Assert.Equal(asEmpty.Status, asNull.Status);
        Assert.Equal(asEmpty.ErrorType, asNull.ErrorType);
    }

    [Fact]
    public async Task A_null_tag_or_target_is_a_validation_exception_and_creates_nothing()
    {
        var bus = await _server.CallAsync("CreateEventBus", """{"Name":"b1","Tags":[{"Key":"k","Value":"v"},null]}""");
        Assert.Equal(400, bus.Status);
        Assert.Equal("ValidationException", bus.ErrorType);
        Assert.Contains("Value null at 'tags.2.member' failed to satisfy constraint: Member must not be null", bus.ErrorMessage);
        Assert.Equal("ResourceNotFoundException", (await _server.CallAsync("DescribeEventBus", """{"Name":"b1"}""")).ErrorType);

        Assert.Equal(200, (await _server.CallAsync("PutRule", """{"Name":"r1","EventPattern":"{\"source\":[\"a\"]}"}""")).Status);
        var targets = await _server.CallAsync("PutTargets",
            """{"Rule":"r1","Targets":[null,{"Id":"t1","Arn":"arn:aws:sqs:us-east-1:123456789012:q"}]}""");
        Assert.Equal("ValidationException", targets.ErrorType);
        Assert.Contains("Value null at 'targets.1.member' failed to satisfy constraint: Member must not be null", targets.ErrorMessage);
        var listed = await _server.CallAsync("ListTargetsByRule", """{"Rule":"r1"}""");
        Assert.Equal(0, listed.Json.GetProperty("Targets").GetArrayLength());

        var tagged = await _server.CallAsync("TagResource",
            """{"ResourceARN":"arn:aws:events:us-east-1:123456789012:rule/r1","Tags":[null]}""");
        Assert.Equal("ValidationException", tagged.ErrorType);
        var tags = await _server.CallAsync("ListTagsForResource", """{"ResourceARN":"arn:aws:events:us-east-1:123456789012:rule/r1"}""");
        Assert.Equal(0, tags.Json.GetProperty("Tags").GetArrayLength());
    }

    [Fact]
    public async Task A_null_PutEvents_entry_fails_alone()
    {
        var answer = await _server.CallAsync("PutEvents",
            """{"Entries":[null,{"Source":"s","DetailType":"t","Detail":"{}"}]}""");

        Assert.Equal(200, answer.Status);
        Assert.Equal(1, answer.Json.GetProperty("FailedEntryCount").GetInt32());
        var entries = answer.Json.GetProperty("Entries");
        Assert.Equal("InvalidArgument", entries[0].GetProperty("ErrorCode").GetString());
        Assert.True(entries[1].TryGetProperty("EventId", out _));
    }

    [Theory]
    [InlineData(@"{\""source\"":[\""\\ud800\""]}")]
    [InlineData(@"{\""\\udc00\"":[\""x\""]}")]
    [InlineData(@"{\""detail\"":{\""a\"":[{\""prefix\"":\""\\ud83d\""}]}}")]
    [InlineData(@"{\""detail\"":{\""a\"":[{\""anything-but\"":[\""\\udfff\""]}]}}")]
    public async Task A_lone_surrogate_in_an_event_pattern_is_an_invalid_pattern(string escapedPattern)
    {
        var put = await _server.CallAsync("PutRule", $$"""{"Name":"r2","EventPattern":"{{escapedPattern}}"}""");
        Assert.Equal(400, put.Status);
        Assert.Equal("InvalidEventPatternException", put.ErrorType);
        Assert.Equal("ResourceNotFoundException", (await _server.CallAsync("DescribeRule", """{"Name":"r2"}""")).ErrorType);

        var test = await _server.CallAsync("TestEventPattern", $$$"""
            {"EventPattern":"{{{escapedPattern}}}","Event":"{\"id\":\"1\",\"account\":\"123456789012\",\"source\":\"a\",\"time\":\"2020-01-01T00:00:00Z\",\"region\":\"us-east-1\",\"resources\":[],\"detail-type\":\"t\",\"detail\":{}}"}
            """);
        Assert.Equal("InvalidEventPatternException", test.ErrorType);
    }

    [Fact]
    public async Task A_detail_nested_too_deeply_fails_its_entry_only()
    {
        Assert.Equal(200, (await _server.CallAsync("PutRule", """{"Name":"deep","EventPattern":"{\"detail\":{\"a\":[{\"exists\":true}]}}"}""")).Status);

        // The detail is level 2 of the event; rules read events up to 512 levels.
        var deepest = Nested(511);
        var body = $$"""
            {"Entries":[
              {"Source":"s","DetailType":"t","Detail":"{\"a\":1}"},
              {"Source":"s","DetailType":"t","Detail":{{Quote(Nested(512))}}},
              {"Source":"s","DetailType":"t","Detail":{{Quote(Nested(1000))}}},
              {"Source":"s","DetailType":"t","Detail":{{Quote(deepest)}}}]}
            """;
        var answer = await _server.CallAsync("PutEvents", body);

        Assert.Equal(200, answer.Status);
        Assert.Equal(2, answer.Json.GetProperty("FailedEntryCount").GetInt32());
        var entries = answer.Json.GetProperty("Entries");
        Assert.True(entries[0].TryGetProperty("EventId", out _));
        foreach (var failed in new[] { entries[1], entries[2] })
        {
            Assert.Equal("MalformedDetail", failed.GetProperty("ErrorCode").GetString());
            Assert.Equal("Detail is malformed.", failed.GetProperty("ErrorMessage").GetString());
        }
        Assert.True(entries[3].TryGetProperty("EventId", out _));
    }

    [Theory]
    [InlineData("2147483647")]
    [InlineData("2147483648")]
    [InlineData("9223372036854775807")]
    public async Task A_huge_Content_Length_is_refused_with_413_before_the_body_is_read(string contentLength)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(_server.BaseAddress.Host, _server.BaseAddress.Port);
        await using var stream = client.GetStream();
        var head = "POST / HTTP/1.1\r\n" +
                   $"Host: {_server.BaseAddress.Authority}\r\n" +
                   "Content-Type: application/x-amz-json-1.1\r\n" +
                   "X-Amz-Target: AWSEvents.ListRules\r\n" +
                   $"Content-Length: {contentLength}\r\n\r\n{{}}";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));

        var buffer = new byte[512];
        var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var statusLine = Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0];
        Assert.Equal("HTTP/1.1 413 Payload Too Large", statusLine);

        // The server is unharmed.
        Assert.Equal(200, (await _server.CallAsync("ListRules", "{}")).Status);
    }

    /// <summary>A JSON object <paramref name="depth"/> levels deep.</summary>
    private static string Nested(int depth) =>
        string.Concat(Enumerable.Repeat("{\"a\":", depth - 1)) + "{}" + new string('}', depth - 1);

    private static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
