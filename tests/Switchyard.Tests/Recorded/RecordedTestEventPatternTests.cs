using System.Text.Json.Nodes;
using Switchyard.Tests.Integration;

namespace Switchyard.Tests.Recorded;

/// <summary>
/// Every row of tests/recorded/event-patterns.json (TestEventPattern answers recorded from AWS) through the
/// TestEventPattern operation of a running server, as a client sees them.
/// </summary>
public sealed class RecordedTestEventPatternTests
{
    private static readonly JsonObject Table = RecordedAnswers.Load("event-patterns.json");

    private static string EventOf(JsonNode row)
    {
        if ((string?)row["eventText"] is { } text) return text;
        var evt = (JsonObject)Table["envelope"]!.DeepClone();
        foreach (var (name, value) in row["event"]!.AsObject()) evt[name] = value?.DeepClone();
        return evt.ToJsonString();
    }

    private static string PatternOf(JsonNode row) => (string?)row["patternText"] ?? row["pattern"]!.ToJsonString();

    private static Task<ServerHarness.Response> Test(ServerHarness server, string pattern, string evt) =>
        server.CallAsync("TestEventPattern", $$"""{"EventPattern":{{RecordedAnswers.Quote(pattern)}},"Event":{{RecordedAnswers.Quote(evt)}}}""");

    [Fact]
    public async Task Every_recorded_match_answer()
    {
        await using var server = await ServerHarness.StartAsync();
        var rows = Table["matches"]!.AsArray();
        Assert.True(rows.Count >= 30);
        foreach (var row in rows)
        {
            var response = await Test(server, PatternOf(row!), EventOf(row!));
            Assert.True(response.Status == 200, $"{row!["recorded"]}: {response.Body}");
            Assert.True((bool)row!["result"]! == response.Json.GetProperty("Result").GetBoolean(), $"{row["recorded"]}: Result {response.Body}");
        }
    }

    [Fact]
    public async Task Every_recorded_error_answer()
    {
        await using var server = await ServerHarness.StartAsync();
        var rows = Table["errors"]!.AsArray();
        Assert.True(rows.Count >= 36);
        var evt = Table["envelope"]!.ToJsonString();
        foreach (var row in rows)
        {
            var response = await Test(server, PatternOf(row!), evt);
            Assert.True(response.Status == 400, $"{row!["recorded"]}: {response.Body}");
            Assert.Equal("InvalidEventPatternException", response.ErrorType);
            if ((string?)row!["message"] is { } message) Assert.Equal(message, response.ErrorMessage);
            else Assert.Equal("Event pattern is not valid. Reason: " + (string)row["reason"]!, response.ErrorMessage!.Split('\n')[0]);
        }
    }

    [Fact]
    public async Task Every_recorded_event_error()
    {
        await using var server = await ServerHarness.StartAsync();
        foreach (var row in Table["eventErrors"]!.AsArray())
        {
            var response = await Test(server, """{"source":["test-source"]}""", (string)row!["eventText"]!);
            Assert.Equal(400, response.Status);
            Assert.Equal("ValidationException", response.ErrorType);
            Assert.Equal((string)row["message"]!, response.ErrorMessage);
        }
    }

    [Theory]
    // AWS requires these six (LocalStack's AWS-validated test_event_pattern_source sends an event without resources).
    [InlineData("id")]
    [InlineData("account")]
    [InlineData("source")]
    [InlineData("time")]
    [InlineData("region")]
    [InlineData("detail-type")]
    public async Task An_event_without_a_required_member_is_not_valid(string member)
    {
        await using var server = await ServerHarness.StartAsync();
        var evt = (JsonObject)Table["envelope"]!.DeepClone();
        evt.Remove(member);
        var response = await Test(server, """{"source":["test-source"]}""", evt.ToJsonString());
        Assert.Equal(400, response.Status);
        Assert.Equal("ValidationException", response.ErrorType);
        Assert.Equal("Parameter Event is not valid.", response.ErrorMessage);
    }
}
