using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Hosting;
using Switchyard.Tests.Integration;
using Switchyard.Settings;

namespace Switchyard.Tests.Recorded;

/// <summary>
/// Every row of tests/recorded/event-patterns.json (TestEventPattern answers recorded from AWS) through the
/// TestEventPattern operation of a running server, as a client sees them, and its rule rows through PutEvents → a
/// rule → a log-group target.
/// </summary>
public sealed class RecordedTestEventPatternTests : IDisposable
{
    private readonly string _logs = Path.Combine(Path.GetTempPath(), $"switchyard-recorded-rules-{Guid.NewGuid():N}");

    public void Dispose()
    {
        try { Directory.Delete(_logs, recursive: true); } catch (DirectoryNotFoundException) { }
    }

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

    [Fact]
    public async Task Every_recorded_rule_delivery()
    {
        var options = new ServerOptions
        {
            InMemory = true,
            Modules = new ModuleSettings(new Dictionary<string, JsonElement>
            {
                ["delivery"] = JsonDocument.Parse($$"""{"logDirectory": {{RecordedAnswers.Quote(_logs)}}}""").RootElement.Clone(),
            }),
        };
        await using var server = await ServerHarness.StartAsync(options);
        var rows = Table["rules"]!.AsArray();
        Assert.True(rows.Count >= 3);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i]!;
            var bus = $"recorded-rule-{i}";
            Assert.Equal(200, (await server.CallAsync("CreateEventBus", $$"""{"Name":"{{bus}}"}""")).Status);
            var rule = new JsonObject { ["Name"] = bus, ["EventBusName"] = bus, ["EventPattern"] = row["pattern"]!.ToJsonString() };
            Assert.Equal(200, (await server.CallAsync("PutRule", rule.ToJsonString())).Status);
            var target = new JsonObject { ["Id"] = "t", ["Arn"] = $"arn:aws:logs:us-east-1:123456789012:log-group:{bus}" };
            var put = await server.CallAsync("PutTargets", new JsonObject { ["Rule"] = bus, ["EventBusName"] = bus, ["Targets"] = new JsonArray(target) }.ToJsonString());
            Assert.Equal(0, put.Json.GetProperty("FailedEntryCount").GetInt32());

            var entries = new JsonArray();
            foreach (var entry in row["entries"]!.AsArray())
                entries.Add(new JsonObject
                {
                    ["EventBusName"] = bus, ["Source"] = "core.update-account-command", ["DetailType"] = "core.update-account-command",
                    ["Detail"] = entry!["detail"]!.ToJsonString(),
                });
            var response = await server.CallAsync("PutEvents", new JsonObject { ["Entries"] = entries }.ToJsonString());
            Assert.Equal(0, response.Json.GetProperty("FailedEntryCount").GetInt32());

            var expected = row["entries"]!.AsArray().Where(e => (bool)e!["delivered"]!).Select(e => e!["detail"]!.ToJsonString()).Order().ToList();
            var path = Path.Combine(_logs, "123456789012", "us-east-1", bus + ".jsonl");
            var delivered = await WaitForLines(path, expected.Count);
            // Matching happens when PutEvents answers, so the count of matched events is final: nothing else will arrive.
            Assert.True(expected.SequenceEqual(delivered.Select(l => l["detail"]!.ToJsonString()).Order()), $"{row["recorded"]}: {string.Join(" | ", delivered.Select(l => l["detail"]!.ToJsonString()))}");
            using var http = new HttpClient();
            var metrics = await http.GetStringAsync(new Uri(server.BaseAddress, "/metrics"));
            Assert.Contains($"MatchedEvents{{account=\"123456789012\",region=\"us-east-1\",event_bus=\"{bus}\",rule=\"{bus}\"}} {expected.Count}", metrics);
        }
    }

    private static async Task<List<JsonNode>> WaitForLines(string path, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(path))
            {
                var lines = (await File.ReadAllLinesAsync(path)).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!).ToList();
                if (lines.Count >= count) return lines;
            }
            await Task.Delay(20);
        }
        throw new TimeoutException($"{count} line(s) in {path}");
    }
}
