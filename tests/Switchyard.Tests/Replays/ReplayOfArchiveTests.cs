using System.Text.Json;
using Switchyard.Settings;
using Switchyard.Tests.Integration;
using Switchyard.Tests.Storage.Postgres;

namespace Switchyard.Tests.Replays;

/// <summary>A replay of a real archive (capture in the journal, the managed rule) on an in-process server.</summary>
public sealed class ReplayOfArchiveTests : IDisposable
{
    private const string Account = "123456789012";
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"switchyard-replay-archive-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Archived_events_are_replayed_to_the_rules_and_never_archived_again(string storage)
    {
        var logs = Path.Combine(_root, "logs");
        await using var server = await ServerHarness.StartAsync(new ServerOptions
        {
            InMemory = storage == "memory",
            Storage = storage == "postgres" ? StorageBackendSetting.Postgres : StorageBackendSetting.Sqlite,
            PostgresConnectionString = storage == "postgres" ? PostgresTestServer.CreateDatabase() : null,
            DataDirectory = Path.Combine(_root, "data"),
            Modules = new ModuleSettings(new Dictionary<string, JsonElement>
            {
                ["delivery"] = JsonDocument.Parse($$"""{"logDirectory": "{{JsonEncodedText.Encode(logs)}}"}""").RootElement.Clone(),
            }),
        });
        var busArn = $"arn:aws:events:us-east-1:{Account}:event-bus/default";
        var archive = await server.CallAsync("CreateArchive", $$"""{"ArchiveName":"all","EventSourceArn":"{{busArn}}"}""");
        Assert.Equal(200, archive.Status);
        Assert.Equal(200, (await server.CallAsync("PutRule", """{"Name":"consumer","EventPattern":"{\"source\":[\"shop\"]}"}""")).Status);
        Assert.Equal(200, (await server.CallAsync("PutTargets", $$"""{"Rule":"consumer","Targets":[{"Id":"t","Arn":"arn:aws:logs:us-east-1:{{Account}}:log-group:consumer"}]}""")).Status);
        var put = await server.CallAsync("PutEvents", """{"Entries":[{"Source":"shop","DetailType":"o","Detail":"{}"},{"Source":"shop","DetailType":"o","Detail":"{\"n\":2}"}]}""");
        Assert.Equal(0, put.Json.GetProperty("FailedEntryCount").GetInt32());
        var ids = put.Json.GetProperty("Entries").EnumerateArray().Select(e => e.GetProperty("EventId").GetString()!).Order().ToArray();

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var archiveArn = archive.Json.GetProperty("ArchiveArn").GetString();
        Assert.Equal(200, (await server.CallAsync("StartReplay",
            $$$"""{"ReplayName":"again","EventSourceArn":"{{{archiveArn}}}","EventStartTime":{{{now - 120}}},"EventEndTime":{{{now + 60}}},"Destination":{"Arn":"{{{busArn}}}"}}""")).Status);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await server.CallAsync("DescribeReplay", """{"ReplayName":"again"}""")).Json.GetProperty("State").GetString() != "COMPLETED")
        {
            Assert.True(DateTime.UtcNow < deadline, "the replay did not complete");
            await Task.Delay(20);
        }
        var file = Path.Combine(logs, Account, "us-east-1", "consumer.jsonl");
        List<JsonElement> lines = [];
        while (lines.Count < 4 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
            lines = File.Exists(file) ? (await File.ReadAllLinesAsync(file)).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList() : [];
        }
        var replayed = lines.Where(l => l.TryGetProperty("replay-name", out _)).ToList();
        Assert.Equal(ids, replayed.Select(l => l.GetProperty("id").GetString()!).Order().ToArray());
        Assert.All(replayed, l => Assert.Equal("again", l.GetProperty("replay-name").GetString()));
        Assert.Equal(2, lines.Count - replayed.Count);
        // The managed rule excludes replayed events: the archive still holds the two originals only.
        Assert.Equal(2, (await server.CallAsync("DescribeArchive", """{"ArchiveName":"all"}""")).Json.GetProperty("EventCount").GetInt32());
    }
}
