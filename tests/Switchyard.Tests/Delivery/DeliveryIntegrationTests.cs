using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Switchyard.Delivery;
using Switchyard.Delivery.Journal;
using Switchyard.Domain;
using Switchyard.Hosting;
using Switchyard.Tests.Integration;
using Switchyard.Settings;
using Switchyard.Domain.Routing;

namespace Switchyard.Tests.Delivery;

/// <summary>PutEvents through delivery on an in-process server, with log-group targets (files) as the observable end.</summary>
public sealed class DeliveryIntegrationTests : IDisposable
{
    private const string Account = "123456789012";
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"switchyard-delivery-it-{Guid.NewGuid():N}");

    private string LogDirectory => Path.Combine(_root, "logs");

    private ServerOptions Options(bool inMemory = true, int memoryBacklog = 10_000) => new()
    {
        InMemory = inMemory,
        DataDirectory = Path.Combine(_root, "data"),
        Modules = new ModuleSettings(new Dictionary<string, JsonElement>
        {
            ["delivery"] = JsonDocument.Parse($$"""{"initialBackoffMs": 10, "maxBackoffMs": 50, "memoryBacklog": {{memoryBacklog}}, "logDirectory": {{Quote(LogDirectory)}}}""").RootElement.Clone(),
        }),
    };

    private static string Quote(string text) => $"\"{JsonEncodedText.Encode(text)}\"";

    private string LogFile(string region, string group) => Path.Combine(LogDirectory, Account, region, group + ".jsonl");

    private static async Task<List<JsonElement>> WaitForLines(string path, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(path))
            {
                var lines = (await File.ReadAllLinesAsync(path)).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
                if (lines.Count >= count) return lines;
            }
            await Task.Delay(20);
        }
        throw new TimeoutException($"{count} line(s) in {path}");
    }

    private static async Task<string> PutEvent(ServerHarness server, string detail, string region = "us-east-1")
    {
        var response = await server.CallAsync("PutEvents", $$"""{"Entries":[{"Source":"app","DetailType":"t","Detail":{{Quote(detail)}}}]}""", region: region);
        Assert.Equal(200, response.Status);
        Assert.Equal(0, response.Json.GetProperty("FailedEntryCount").GetInt32());
        return response.Json.GetProperty("Entries")[0].GetProperty("EventId").GetString()!;
    }

    private static async Task AddLogRule(ServerHarness server, string name, string targetArn, string region = "us-east-1", string? roleArn = null)
    {
        Assert.Equal(200, (await server.CallAsync("PutRule", $$"""{"Name":"{{name}}","EventPattern":"{\"source\":[\"app\"]}"}""", region: region)).Status);
        var role = roleArn is null ? "" : $",\"RoleArn\":\"{roleArn}\"";
        var targets = await server.CallAsync("PutTargets", $$"""{"Rule":"{{name}}","Targets":[{"Id":"t","Arn":"{{targetArn}}"{{role}}}]}""", region: region);
        Assert.Equal(200, targets.Status);
        Assert.Equal(0, targets.Json.GetProperty("FailedEntryCount").GetInt32());
    }

    [Fact]
    public async Task Put_events_are_delivered_and_counted()
    {
        await using var server = await ServerHarness.StartAsync(Options());
        await AddLogRule(server, "to-logs", $"arn:aws:logs:us-east-1:{Account}:log-group:/app/events");
        var id = await PutEvent(server, """{"n":1}""");
        var line = Assert.Single(await WaitForLines(LogFile("us-east-1", "%2Fapp%2Fevents"), 1));
        Assert.Equal(id, line.GetProperty("id").GetString());
        Assert.Equal(1, line.GetProperty("detail").GetProperty("n").GetInt32());

        using var http = new HttpClient();
        var metrics = await http.GetStringAsync(new Uri(server.BaseAddress, "/metrics"));
        Assert.Contains("MatchedEvents{account=\"123456789012\",region=\"us-east-1\",event_bus=\"default\",rule=\"to-logs\"} 1", metrics);
        Assert.Contains("SuccessfulInvocationAttempts{", metrics);
        Assert.Contains("PutEventsApproximateCallCount{account=\"123456789012\",region=\"us-east-1\"} 1", metrics);
    }

    [Fact]
    public async Task Cross_region_bus_target_gets_a_new_id_and_keeps_account_and_region()
    {
        await using var server = await ServerHarness.StartAsync(Options());
        await AddLogRule(server, "west-logs", $"arn:aws:logs:us-west-2:{Account}:log-group:west", region: "us-west-2");
        await AddLogRule(server, "to-west", $"arn:aws:events:us-west-2:{Account}:event-bus/default", roleArn: $"arn:aws:iam::{Account}:role/forward");
        var id = await PutEvent(server, """{"n":2}""");
        var line = Assert.Single(await WaitForLines(LogFile("us-west-2", "west"), 1));
        Assert.NotEqual(id, line.GetProperty("id").GetString());
        Assert.Equal("us-east-1", line.GetProperty("region").GetString());
        Assert.Equal(Account, line.GetProperty("account").GetString());
    }

    [Fact]
    public async Task Pending_deliveries_in_the_journal_are_delivered_after_a_restart()
    {
        var options = Options(inMemory: false);
        await using (var first = await ServerHarness.StartAsync(options))
        {
            await AddLogRule(first, "resume", $"arn:aws:logs:us-east-1:{Account}:log-group:resumed");
        }
        // What a crash leaves behind: deliveries written but not yet made.
        var envelope = """{"version":"0","id":"left-over","detail-type":"t","source":"app","account":"123456789012","time":"2026-01-01T00:00:00Z","region":"us-east-1","resources":[],"detail":{}}"""u8.ToArray();
        var scope = new AccountRegion(Account, "us-east-1");
        using (var journal = new SqliteEventJournal(options.DataDirectory, "FULL", NullLogger<SqliteEventJournal>.Instance))
        {
            await journal.AppendAsync([new AcceptedEvent("left-over", scope, "default", envelope, DateTimeOffset.UtcNow, 0)],
                [new DeliveryTask("left-over", scope, "default", "resume", "t")], default);
        }
        await using var second = await ServerHarness.StartAsync(options);
        var line = Assert.Single(await WaitForLines(LogFile("us-east-1", "resumed"), 1));
        Assert.Equal("left-over", line.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Deliveries_beyond_the_memory_backlog_are_read_back_from_the_journal_and_all_delivered()
    {
        // A backlog of one: nine of the ten deliveries of one commit wait on disk only. Nothing polls for them; the
        // journal's commit and each worker's take raise the refill signal, and every one of them must arrive.
        await using var server = await ServerHarness.StartAsync(Options(inMemory: false, memoryBacklog: 1));
        await AddLogRule(server, "backlog", $"arn:aws:logs:us-east-1:{Account}:log-group:backlog");
        var entries = string.Join(",", Enumerable.Range(0, 10).Select(i => $$"""{"Source":"app","DetailType":"t","Detail":"{\"n\":{{i}}}"}"""));
        var response = await server.CallAsync("PutEvents", $$"""{"Entries":[{{entries}}]}""");
        Assert.Equal(200, response.Status);
        Assert.Equal(0, response.Json.GetProperty("FailedEntryCount").GetInt32());
        var lines = await WaitForLines(LogFile("us-east-1", "backlog"), 10);
        Assert.Equal(Enumerable.Range(0, 10), lines.Select(l => l.GetProperty("detail").GetProperty("n").GetInt32()).Order());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
