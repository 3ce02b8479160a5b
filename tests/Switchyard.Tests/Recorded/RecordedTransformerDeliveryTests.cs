using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Hosting;
using Switchyard.Tests.Integration;
using Switchyard.Settings;

namespace Switchyard.Tests.Recorded;

/// <summary>
/// Every row of tests/recorded/input-transformers.json (what AWS delivered for an InputPath or InputTransformer)
/// through PutEvents → a rule → a log-group target of a running server: the line written is what the target received.
/// </summary>
public sealed class RecordedTransformerDeliveryTests : IDisposable
{
    private const string Account = "123456789012";
    private const string Region = "us-east-1";
    private static readonly JsonObject Table = RecordedAnswers.Load("input-transformers.json");
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"switchyard-recorded-{Guid.NewGuid():N}");

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (DirectoryNotFoundException) { }
    }

    private ServerOptions Options() => new()
    {
        InMemory = true,
        DataDirectory = Path.Combine(_root, "data"),
        Modules = new ModuleSettings(new Dictionary<string, JsonElement>
        {
            ["delivery"] = JsonDocument.Parse($$"""{"initialBackoffMs": 10, "maxBackoffMs": 50, "logDirectory": {{RecordedAnswers.Quote(Path.Combine(_root, "logs"))}}}""").RootElement.Clone(),
        }),
    };

    private string LogFile(int row) => Path.Combine(_root, "logs", Account, Region, $"recorded-{row}.jsonl");

    [Fact]
    public async Task Every_recorded_transformer_output()
    {
        await using var server = await ServerHarness.StartAsync(Options());
        var rows = Table["rows"]!.AsArray();
        Assert.True(rows.Count >= 11);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i]!;
            // One bus per row, so that each rule sees its own event only and the events stay as recorded.
            Assert.Equal(200, (await server.CallAsync("CreateEventBus", $$"""{"Name":"recorded-{{i}}"}""")).Status);
            var pattern = RecordedAnswers.Quote($$"""{"source":["{{(string)Table["source"]!}}"]}""");
            Assert.Equal(200, (await server.CallAsync("PutRule", $$"""{"Name":"recorded-{{i}}","EventBusName":"recorded-{{i}}","EventPattern":{{pattern}}}""")).Status);
            var target = new JsonObject { ["Id"] = "t", ["Arn"] = $"arn:aws:logs:{Region}:{Account}:log-group:recorded-{i}" };
            if ((string?)row["inputPath"] is { } inputPath) target["InputPath"] = inputPath;
            else target["InputTransformer"] = new JsonObject { ["InputPathsMap"] = row["paths"]!.DeepClone(), ["InputTemplate"] = (string)row["template"]! };
            var targets = new JsonObject { ["Rule"] = $"recorded-{i}", ["EventBusName"] = $"recorded-{i}", ["Targets"] = new JsonArray(target) };
            var put = await server.CallAsync("PutTargets", targets.ToJsonString());
            Assert.True(put.Status == 200 && put.Json.GetProperty("FailedEntryCount").GetInt32() == 0, $"{row["recorded"]}: {put.Body}");
        }

        var ids = new string[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var detail = (rows[i]!["detail"] ?? Table["detail"])!;
            var entry = new JsonObject
            {
                ["EventBusName"] = $"recorded-{i}", ["Source"] = (string)Table["source"]!, ["DetailType"] = (string)Table["detailType"]!,
                ["Time"] = DateTimeOffset.Parse((string)Table["time"]!).ToUnixTimeSeconds(), ["Detail"] = detail.ToJsonString(),
            };
            var response = await server.CallAsync("PutEvents", new JsonObject { ["Entries"] = new JsonArray(entry) }.ToJsonString());
            Assert.Equal(0, response.Json.GetProperty("FailedEntryCount").GetInt32());
            ids[i] = response.Json.GetProperty("Entries")[0].GetProperty("EventId").GetString()!;
        }

        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i]!;
            var recorded = (string)row["recorded"]!;
            if (row["delivered"] is { } delivered && !(bool)delivered!)
            {
                await WaitForFailure(server, $"recorded-{i}");
                Assert.False(File.Exists(LogFile(i)), $"{recorded}: AWS delivers nothing");
                continue;
            }
            var line = await WaitForLine(LogFile(i));
            var tokens = new Dictionary<string, string> { ["{id}"] = ids[i], ["{account}"] = Account, ["{region}"] = Region, ["{time}"] = (string)Table["time"]! };
            if ((string?)row["output"] is { } output)
            {
                output = Substitute(output, tokens);
                // The log-group target writes JSON compactly and any other text as a JSON string.
                var expected = TryParse(output) ?? JsonValue.Create(output);
                Assert.True(JsonNode.DeepEquals(expected, line), $"{recorded}: expected {output}, got {line.ToJsonString()}");
            }
            else
            {
                var expected = JsonNode.Parse(Substitute(row["json"]!.ToJsonString(), tokens))!;
                foreach (var ignored in row["ignore"]?.AsArray() ?? [])
                {
                    Remove(expected, (string)ignored!);
                    Remove(line, (string)ignored!);
                }
                Assert.True(JsonNode.DeepEquals(expected, line), $"{recorded}: expected {expected.ToJsonString()}, got {line.ToJsonString()}");
            }
        }
    }

    private static string Substitute(string text, Dictionary<string, string> tokens)
    {
        foreach (var (token, value) in tokens) text = text.Replace(token, value, StringComparison.Ordinal);
        return text;
    }

    private static JsonNode? TryParse(string text)
    {
        try { return JsonNode.Parse(text); }
        catch (JsonException) { return null; }
    }

    private static void Remove(JsonNode node, string dottedPath)
    {
        var parts = dottedPath.Split('.');
        for (var i = 0; i < parts.Length - 1; i++) node = node[parts[i]]!;
        node.AsObject().Remove(parts[^1]);
    }

    private static async Task<JsonNode> WaitForLine(string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(path))
            {
                var lines = (await File.ReadAllLinesAsync(path)).Where(l => l.Length > 0).ToList();
                if (lines.Count > 0) return JsonNode.Parse(Assert.Single(lines))!;
            }
            await Task.Delay(20);
        }
        throw new TimeoutException("a line in " + path);
    }

    private static async Task WaitForFailure(ServerHarness server, string rule)
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var metrics = await http.GetStringAsync(new Uri(server.BaseAddress, "/metrics"));
            if (metrics.Split('\n').Any(l => l.StartsWith("FailedInvocations{", StringComparison.Ordinal) && l.Contains($"rule=\"{rule}\"", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal)))
                return;
            await Task.Delay(20);
        }
        throw new TimeoutException("FailedInvocations for " + rule);
    }
}
