using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Delivery.Archives;
using Switchyard.Domain.Replays;
using Switchyard.Settings;
using Switchyard.Tests.Integration;

namespace Switchyard.Tests.Replays;

/// <summary>
/// Replays end to end on an in-process server (API, catalog, runner, routing, journal, log-group targets as the
/// observable end), reading a <see cref="FakeArchive"/> through the archive read interface.
/// </summary>
public sealed class ReplayApiTests : IDisposable
{
    private const string Account = FakeArchive.Account;
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"switchyard-replay-it-{Guid.NewGuid():N}");

    private string LogDirectory => Path.Combine(_root, "logs");

    private ServerOptions Options(bool inMemory = true, int pageSize = 500) => new()
    {
        InMemory = inMemory,
        DataDirectory = Path.Combine(_root, "data"),
        Modules = new ModuleSettings(new Dictionary<string, JsonElement>
        {
            ["delivery"] = JsonDocument.Parse($$"""{"initialBackoffMs": 10, "maxBackoffMs": 50, "logDirectory": "{{JsonEncodedText.Encode(LogDirectory)}}"}""").RootElement.Clone(),
            ["replays"] = JsonDocument.Parse($$"""{"pageSize": {{pageSize}}}""").RootElement.Clone(),
        }),
    };

    private static Task<ServerHarness> Start(ServerOptions options, FakeArchive archive) =>
        ServerHarness.StartAsync(options, configure: builder =>
        {
            builder.Services.AddSingleton<IReplayArchives>(archive);
            builder.Services.AddSingleton<IArchiveReader>(archive);
        });

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static long Epoch(DateTimeOffset time) => time.ToUnixTimeSeconds();

    private static string StartBody(string name, FakeArchive archive, DateTimeOffset from, DateTimeOffset to, string? filterArns = null, string? destination = null)
    {
        var filter = filterArns is null ? "" : $",\"FilterArns\":{filterArns}";
        var body = $$"""{"ReplayName":"{{name}}","Description":"d","EventSourceArn":"{{archive.Source.ArchiveArn}}","EventStartTime":{{Epoch(from)}},"EventEndTime":{{Epoch(to)}},"Destination":{"Arn":"{{destination ?? archive.Source.SourceBusArn}}" """;
        return body.TrimEnd() + filter + "}}";
    }

    private static async Task AddLogRule(ServerHarness server, string name, string group, string pattern = """{\"source\":[\"app\"]}""")
    {
        Assert.Equal(200, (await server.CallAsync("PutRule", $$"""{"Name":"{{name}}","EventPattern":"{{pattern}}"}""")).Status);
        var targets = await server.CallAsync("PutTargets", $$"""{"Rule":"{{name}}","Targets":[{"Id":"t","Arn":"arn:aws:logs:us-east-1:{{Account}}:log-group:{{group}}"}]}""");
        Assert.Equal(0, targets.Json.GetProperty("FailedEntryCount").GetInt32());
    }

    private string LogFile(string group) => Path.Combine(LogDirectory, Account, "us-east-1", group + ".jsonl");

    private async Task<List<JsonElement>> Lines(string group)
    {
        var path = LogFile(group);
        if (!File.Exists(path)) return [];
        return (await File.ReadAllLinesAsync(path)).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }

    private async Task<List<JsonElement>> WaitForLines(string group, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var lines = await Lines(group);
            if (lines.Count >= count) return lines;
            await Task.Delay(20);
        }
        throw new TimeoutException($"{count} line(s) in {group}");
    }

    private static async Task<JsonElement> WaitForState(ServerHarness server, string name, string state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var described = await server.CallAsync("DescribeReplay", $$"""{"ReplayName":"{{name}}"}""");
            Assert.Equal(200, described.Status);
            if (described.Json.GetProperty("State").GetString() == state) return described.Json;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"replay {name} is {described.Json.GetProperty("State")}, not {state}");
            await Task.Delay(20);
        }
    }

    private static void AssertError(ServerHarness.Response response, string type, string message)
    {
        Assert.Equal(400, response.Status);
        Assert.Equal(type, response.ErrorType);
        Assert.Equal(message, response.ErrorMessage);
    }

    [Fact]
    public async Task A_replay_runs_in_the_background_minute_by_minute_and_completes()
    {
        var archive = new FakeArchive();
        archive.Add(T0.AddSeconds(-1), "before");
        archive.Add(T0.AddSeconds(5), "m1-a");
        archive.Add(T0.AddSeconds(59), "m1-b");
        archive.Add(T0.AddMinutes(2).AddSeconds(1), "m3");
        archive.Add(T0.AddMinutes(3), "after");
        await using var server = await Start(Options(), archive);
        await AddLogRule(server, "fixed-consumer", "fixed");

        var started = await server.CallAsync("StartReplay", StartBody("recover", archive, T0, T0.AddMinutes(3)));
        Assert.Equal(200, started.Status);
        Assert.Equal($"arn:aws:events:us-east-1:{Account}:replay/recover", started.Json.GetProperty("ReplayArn").GetString());
        Assert.Equal("STARTING", started.Json.GetProperty("State").GetString());
        Assert.True(started.Json.TryGetProperty("ReplayStartTime", out _));

        var done = await WaitForState(server, "recover", "COMPLETED");
        Assert.Equal(Epoch(T0.AddMinutes(3)), done.GetProperty("EventLastReplayedTime").GetDouble());
        Assert.True(done.TryGetProperty("ReplayEndTime", out _));
        Assert.Equal("d", done.GetProperty("Description").GetString());
        Assert.Equal(archive.Source.SourceBusArn, done.GetProperty("Destination").GetProperty("Arn").GetString());
        Assert.False(done.GetProperty("Destination").TryGetProperty("FilterArns", out _));

        var lines = await WaitForLines("fixed", 3);
        Assert.Equal(["m1-a", "m1-b", "m3"], lines.Select(l => l.GetProperty("id").GetString()!).Order().ToArray());
        Assert.All(lines, l => Assert.Equal("recover", l.GetProperty("replay-name").GetString()));
        // The first read of each minute, in order: one minute of event time after another, none skipped.
        var firstReads = archive.Reads.Where(r => r.After == 0).Select(r => (r.From, r.To)).ToList();
        Assert.Equal([(T0, T0.AddMinutes(1)), (T0.AddMinutes(1), T0.AddMinutes(2)), (T0.AddMinutes(2), T0.AddMinutes(3))], firstReads);
    }

    [Fact]
    public async Task FilterArns_limits_the_replay_to_those_rules_and_patterns_see_the_replay_name()
    {
        var archive = new FakeArchive();
        archive.Add(T0.AddSeconds(1), "e1");
        archive.Add(T0.AddSeconds(2), "e2");
        await using var server = await Start(Options(), archive);
        await AddLogRule(server, "chosen", "chosen");
        await AddLogRule(server, "other", "other");
        // Chosen too, but its pattern excludes replayed events (as an archive's managed rule does).
        await AddLogRule(server, "live-only", "live", """{\"source\":[\"app\"],\"replay-name\":[{\"exists\":false}]}""");
        var chosen = $"arn:aws:events:us-east-1:{Account}:rule/chosen";
        var liveOnly = $"arn:aws:events:us-east-1:{Account}:rule/live-only";

        var started = await server.CallAsync("StartReplay", StartBody("only-chosen", archive, T0, T0.AddMinutes(1), $"[\"{chosen}\",\"{liveOnly}\"]"));
        Assert.Equal(200, started.Status);
        var done = await WaitForState(server, "only-chosen", "COMPLETED");
        Assert.Equal([chosen, liveOnly], done.GetProperty("Destination").GetProperty("FilterArns").EnumerateArray().Select(a => a.GetString()!).ToArray());

        var lines = await WaitForLines("chosen", 2);
        Assert.All(lines, l => Assert.Equal("only-chosen", l.GetProperty("replay-name").GetString()));
        // The journal holds every delivery before COMPLETED; a short wait lets any wrongly routed one arrive.
        await Task.Delay(300);
        Assert.Empty(await Lines("other"));
        Assert.Empty(await Lines("live"));
    }

    [Fact]
    public async Task CancelReplay_stops_the_runner_at_its_next_page()
    {
        var archive = new FakeArchive();
        for (var i = 0; i < 10; i++) archive.Add(T0.AddSeconds(i), $"m1-{i}");
        for (var i = 0; i < 10; i++) archive.Add(T0.AddMinutes(1).AddSeconds(i), $"m2-{i}");
        archive.HoldFrom = T0.AddMinutes(1);
        await using var server = await Start(Options(pageSize: 2), archive);
        await AddLogRule(server, "consumer", "consumer");

        Assert.Equal(200, (await server.CallAsync("StartReplay", StartBody("long", archive, T0, T0.AddMinutes(2)))).Status);
        Assert.True(archive.Holding.Wait(TimeSpan.FromSeconds(30)));
        var running = await WaitForState(server, "long", "RUNNING");
        Assert.Equal(Epoch(T0.AddMinutes(1)), running.GetProperty("EventLastReplayedTime").GetDouble());

        var cancelled = await server.CallAsync("CancelReplay", """{"ReplayName":"long"}""");
        Assert.Equal(200, cancelled.Status);
        Assert.Equal("CANCELLING", cancelled.Json.GetProperty("State").GetString());
        archive.Release();
        var done = await WaitForState(server, "long", "CANCELLED");
        Assert.True(done.TryGetProperty("ReplayEndTime", out _));
        // Minute 1 whole, and at most the page that was being read when the cancel came.
        var delivered = await WaitForLines("consumer", 10);
        await Task.Delay(300);
        delivered = await Lines("consumer");
        Assert.InRange(delivered.Count, 10, 12);

        AssertError(await server.CallAsync("CancelReplay", """{"ReplayName":"long"}"""), "IllegalStatusException",
            "Replay long is not in a valid state for this operation.");
    }

    [Fact]
    public async Task A_restarted_server_resumes_at_the_next_unfinished_minute()
    {
        var archive = new FakeArchive();
        for (var minute = 0; minute < 3; minute++)
            for (var i = 0; i < 3; i++) archive.Add(T0.AddMinutes(minute).AddSeconds(i), $"m{minute}-{i}");
        // The process goes down in the middle of minute 2: its first page is journaled, its second read fails.
        archive.HoldWhen = (from, after) => from == T0.AddMinutes(1) && after > 0;
        archive.FailHeld = true;
        var options = Options(inMemory: false, pageSize: 2);
        await using (var first = await Start(options, archive))
        {
            await AddLogRule(first, "consumer", "consumer");
            Assert.Equal(200, (await first.CallAsync("StartReplay", StartBody("resumed", archive, T0, T0.AddMinutes(3)))).Status);
            Assert.True(archive.Holding.Wait(TimeSpan.FromSeconds(30)));
            var running = await WaitForState(first, "resumed", "RUNNING");
            Assert.Equal(Epoch(T0.AddMinutes(1)), running.GetProperty("EventLastReplayedTime").GetDouble());
            var stopping = first.DisposeAsync();
            archive.Release();
            await stopping;
        }
        var readsBefore = archive.Reads.Count;
        archive.HoldWhen = null;
        await using var second = await Start(options, archive);
        var done = await WaitForState(second, "resumed", "COMPLETED");
        Assert.Equal(Epoch(T0.AddMinutes(3)), done.GetProperty("EventLastReplayedTime").GetDouble());
        // Minute 2 again from its start (it was not finished), not minute 1 (it was) nor minute 3 (that would skip one).
        Assert.Equal((T0.AddMinutes(1), T0.AddMinutes(2), 0L), archive.Reads.Skip(readsBefore).First());
        // Every event at least once; the page of minute 2 journaled before the crash twice.
        var lines = await WaitForLines("consumer", 11);
        Assert.Equal(9, lines.Select(l => l.GetProperty("id").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task At_most_ten_replays_are_active_per_account_and_region()
    {
        var archive = new FakeArchive();
        archive.Add(T0.AddSeconds(1), "e");
        archive.HoldFrom = T0; // every replay waits at its first read: they stay active
        await using var server = await Start(Options(), archive);
        try
        {
            for (var i = 0; i < 10; i++)
                Assert.Equal(200, (await server.CallAsync("StartReplay", StartBody($"r{i}", archive, T0, T0.AddMinutes(1)))).Status);
            AssertError(await server.CallAsync("StartReplay", StartBody("r10", archive, T0, T0.AddMinutes(1))),
                "LimitExceededException", "The requested resource exceeds the maximum number allowed.");
            // Another region has its own ten.
            var otherRegion = await server.CallAsync("StartReplay", StartBody("r10", archive, T0, T0.AddMinutes(1)), region: "us-west-2");
            Assert.Equal("Parameter EventSourceArn is not valid. Reason: Archive orders-archive does not exist.", otherRegion.ErrorMessage);
            Assert.Equal(200, (await server.CallAsync("CancelReplay", """{"ReplayName":"r0"}""")).Status);
            archive.Release();
            await WaitForState(server, "r0", "CANCELLED");
            Assert.Equal(200, (await server.CallAsync("StartReplay", StartBody("r10", archive, T0, T0.AddMinutes(1)))).Status);
        }
        finally
        {
            archive.Release();
        }
    }

    [Fact]
    public async Task StartReplay_refuses_bad_requests_with_AWS_errors_and_changes_nothing()
    {
        var archive = new FakeArchive();
        await using var server = await Start(Options(), archive);
        Assert.Equal(200, (await server.CallAsync("CreateEventBus", """{"Name":"other-bus"}""")).Status);
        Assert.Equal(200, (await server.CallAsync("StartReplay", StartBody("taken", archive, T0, T0.AddMinutes(1)))).Status);

        AssertError(await server.CallAsync("StartReplay", StartBody("taken", archive, T0, T0.AddMinutes(1))),
            "ResourceAlreadyExistsException", "Replay taken already exists.");
        AssertError(await server.CallAsync("StartReplay", StartBody("x", archive, T0, T0)),
            "ValidationException", "Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime.");
        AssertError(await server.CallAsync("StartReplay", StartBody("x", archive, T0.AddMinutes(1), T0)),
            "ValidationException", "Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime.");
        var unknown = StartBody("x", archive, T0, T0.AddMinutes(1)).Replace("archive/orders-archive", "archive/missing");
        AssertError(await server.CallAsync("StartReplay", unknown),
            "ValidationException", "Parameter EventSourceArn is not valid. Reason: Archive missing does not exist.");
        // Another account's archive does not exist for the caller.
        AssertError(await server.CallAsync("StartReplay", StartBody("x", archive, T0, T0.AddMinutes(1)), accessKeyId: "210987654321"),
            "ValidationException", "Parameter EventSourceArn is not valid. Reason: Archive orders-archive does not exist.");
        AssertError(await server.CallAsync("StartReplay", StartBody("x", archive, T0, T0.AddMinutes(1), destination: $"arn:aws:events:us-east-1:{Account}:event-bus/other-bus")),
            "ValidationException", "Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted.");
        AssertError(await server.CallAsync("StartReplay", StartBody("x", archive, T0, T0.AddMinutes(1), destination: $"arn:aws:events:us-east-1:{Account}:event-bus/no-such-bus")),
            "ResourceNotFoundException", "Event bus no-such-bus does not exist.");
        AssertError(await server.CallAsync("StartReplay", StartBody("x", archive, T0, T0.AddMinutes(1), destination: $"arn:aws:sqs:us-east-1:{Account}:queue")),
            "ValidationException", "Parameter Destination.Arn is not valid. Reason: Must contain an event bus ARN.");
        var otherBusRule = $"arn:aws:events:us-east-1:{Account}:rule/other-bus/r";
        AssertError(await server.CallAsync("StartReplay", StartBody("x", archive, T0, T0.AddMinutes(1), $"[\"{otherBusRule}\"]")),
            "ValidationException", $"Parameter Destination.FilterArns is not valid. Reason: {otherBusRule} is not a rule ARN on the destination event bus.");
        AssertError(await server.CallAsync("DescribeReplay", """{"ReplayName":"x"}"""), "ResourceNotFoundException", "Replay x does not exist.");
        AssertError(await server.CallAsync("CancelReplay", """{"ReplayName":"x"}"""), "ResourceNotFoundException", "Replay x does not exist.");

        var list = await server.CallAsync("ListReplays", "{}");
        Assert.Equal(["taken"], list.Json.GetProperty("Replays").EnumerateArray().Select(r => r.GetProperty("ReplayName").GetString()!).ToArray());
    }

    [Fact]
    public async Task ListReplays_filters_by_prefix_state_and_archive_and_pages()
    {
        var archive = new FakeArchive();
        await using var server = await Start(Options(), archive);
        foreach (var name in new[] { "a-1", "a-2", "a-3", "b-1" })
            Assert.Equal(200, (await server.CallAsync("StartReplay", StartBody(name, archive, T0, T0.AddMinutes(1)))).Status);
        foreach (var name in new[] { "a-1", "a-2", "a-3", "b-1" }) await WaitForState(server, name, "COMPLETED");

        static string[] Names(ServerHarness.Response response) =>
            response.Json.GetProperty("Replays").EnumerateArray().Select(r => r.GetProperty("ReplayName").GetString()!).ToArray();
        Assert.Equal(["a-1", "a-2", "a-3"], Names(await server.CallAsync("ListReplays", """{"NamePrefix":"a-"}""")));
        Assert.Equal(4, Names(await server.CallAsync("ListReplays", """{"State":"COMPLETED"}""")).Length);
        Assert.Empty(Names(await server.CallAsync("ListReplays", """{"State":"RUNNING"}""")));
        Assert.Equal(4, Names(await server.CallAsync("ListReplays", $$"""{"EventSourceArn":"{{archive.Source.ArchiveArn}}"}""")).Length);
        Assert.Empty(Names(await server.CallAsync("ListReplays", """{"EventSourceArn":"arn:aws:events:us-east-1:123456789012:archive/other"}""")));

        var first = await server.CallAsync("ListReplays", """{"Limit":3}""");
        Assert.Equal(["a-1", "a-2", "a-3"], Names(first));
        var token = first.Json.GetProperty("NextToken").GetString();
        var second = await server.CallAsync("ListReplays", $$"""{"Limit":3,"NextToken":"{{token}}"}""");
        Assert.Equal(["b-1"], Names(second));
        Assert.False(second.Json.TryGetProperty("NextToken", out _));
        var entry = first.Json.GetProperty("Replays")[0];
        Assert.Equal("COMPLETED", entry.GetProperty("State").GetString());
        Assert.Equal(archive.Source.ArchiveArn, entry.GetProperty("EventSourceArn").GetString());
        Assert.True(entry.TryGetProperty("ReplayEndTime", out _));
    }

    [Fact]
    public async Task A_replay_whose_archive_is_gone_fails_with_a_reason()
    {
        var archive = new FakeArchive();
        archive.Add(T0.AddSeconds(1), "e");
        archive.HoldFrom = T0;
        await using var server = await Start(Options(), archive);
        Assert.Equal(200, (await server.CallAsync("StartReplay", StartBody("orphan", archive, T0, T0.AddMinutes(2)))).Status);
        Assert.True(archive.Holding.Wait(TimeSpan.FromSeconds(30)));
        // The archive is deleted while minute 1 is read: the runner sees it before minute 2.
        var catalog = server.Services.GetRequiredService<ReplayCatalog>();
        Assert.True(catalog.TryGet(FakeArchive.Scope, "orphan", out _));
        archive.Gone = true;
        archive.Release();
        var failed = await WaitForState(server, "orphan", "FAILED");
        Assert.Equal("Archive orders-archive does not exist.", failed.GetProperty("StateReason").GetString());
    }
}
