using System.Text.Json;
using Switchyard.Hosting;
using Switchyard.Tests.Integration;
using Switchyard.Settings;

namespace Switchyard.Tests.Schedules;

/// <summary>
/// A scheduled rule end to end on an in-process server with the delivery engine: PutRule rate(1 minute), a
/// CloudWatch Logs target (a JSON-lines file), the server's clock moved a minute on, the Scheduled Event in the file.
/// </summary>
public sealed class ScheduledDeliveryTests : IAsyncLifetime
{
    private const string Account = "123456789012";
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"switchyard-schedules-it-{Guid.NewGuid():N}");
    private readonly ManualClock _clock = new(WholeMinute(DateTimeOffset.UtcNow));
    private ServerHarness _server = null!;

    private string LogDirectory => Path.Combine(_root, "logs");

    public async Task InitializeAsync() => _server = await ServerHarness.StartAsync(new ServerOptions
    {
        InMemory = true,
        DataDirectory = Path.Combine(_root, "data"),
        Modules = new ModuleSettings(new Dictionary<string, JsonElement>
        {
            ["delivery"] = JsonDocument.Parse($$"""{"logDirectory": "{{JsonEncodedText.Encode(LogDirectory)}}"}""").RootElement.Clone(),
        }),
    }, _clock);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task A_one_minute_rate_rule_delivers_the_scheduled_event_to_its_log_group()
    {
        var start = _clock.GetUtcNow();
        Assert.Equal(200, (await CallAsync("PutRule", """{"Name":"tick","ScheduleExpression":"rate(1 minute)"}""")).Status);
        var targets = await CallAsync("PutTargets",
            $$"""{"Rule":"tick","Targets":[{"Id":"logs","Arn":"arn:aws:logs:us-east-1:{{Account}}:log-group:/schedules/tick"}]}""");
        Assert.Equal(0, targets.Json.GetProperty("FailedEntryCount").GetInt32());

        await AdvanceToAsync(start.AddMinutes(1));
        var line = Assert.Single(await WaitForLinesAsync(Path.Combine(LogDirectory, Account, "us-east-1", "%2Fschedules%2Ftick.jsonl"), 1));
        Assert.Equal("Scheduled Event", line.GetProperty("detail-type").GetString());
        Assert.Equal("aws.events", line.GetProperty("source").GetString());
        Assert.Equal(Account, line.GetProperty("account").GetString());
        Assert.Equal(start.AddMinutes(1).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), line.GetProperty("time").GetString());
        Assert.Equal($"""["arn:aws:events:us-east-1:{Account}:rule/tick"]""", line.GetProperty("resources").GetRawText());
        Assert.Equal("{}", line.GetProperty("detail").GetRawText());
    }

    /// <summary>Follows whoever sleeps on the clock (the scheduler, the dispatcher) from one wake-up to the next.</summary>
    private async Task AdvanceToAsync(DateTimeOffset at)
    {
        while (_clock.GetUtcNow() < at)
        {
            var due = await _clock.WaitForSleeperAsync();
            _clock.Advance((due < at ? due : at) - _clock.GetUtcNow());
        }
    }

    private static async Task<List<JsonElement>> WaitForLinesAsync(string path, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(path))
            {
                var lines = (await File.ReadAllLinesAsync(path)).Where(l => l.Length > 0).ToList();
                if (lines.Count >= count) return lines.Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"fewer than {count} lines in {path}");
    }

    private Task<ServerHarness.Response> CallAsync(string operation, string body) =>
        _server.CallAsync(operation, body, signedAt: _clock.GetUtcNow());

    private static DateTimeOffset WholeMinute(DateTimeOffset time) =>
        new(time.UtcTicks - time.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
}
