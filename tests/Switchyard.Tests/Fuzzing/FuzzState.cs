using System.Text;
using System.Text.Json;
using Switchyard.Tests.Integration;

namespace Switchyard.Tests.Fuzzing;

/// <summary>
/// The fuzz account's resources (a custom bus, rules whose patterns look into <c>detail</c>, a target, a tag, a
/// permission) and a snapshot of everything the list and describe operations say about them, to tell whether a
/// refused request changed anything.
/// </summary>
internal sealed class FuzzState(ServerHarness server)
{
    public const string Account = "210987654321";
    public const string Bus = "fuzz-bus";
    public const string Rule = "fuzz-rule";
    public const string BusRule = "fuzz-bus-rule";

    private const string DetailPattern = "{\"detail\":{\"a\":[{\"exists\":true}]}}";

    /// <summary>Creates the resources the generated bodies name, so valid calls reach real state.</summary>
    public async Task SeedAsync()
    {
        await Expect200("CreateEventBus", $$"""{"Name":"{{Bus}}","Tags":[{"Key":"key","Value":"value"}]}""");
        await Expect200("PutRule", Json(new { Name = Rule, EventPattern = DetailPattern }));
        await Expect200("PutRule", Json(new { Name = BusRule, EventBusName = Bus, EventPattern = DetailPattern }));
        await Expect200("PutTargets", Json(new
        {
            Rule,
            Targets = new[] { new { Id = "t1", Arn = $"arn:aws:sqs:us-east-1:{Account}:fuzz-queue" } },
        }));
        await Expect200("PutPermission", Json(new { EventBusName = Bus, Action = "events:PutEvents", Principal = "123456789012", StatementId = "seeded" }));
    }

    /// <summary>Every list/describe answer of the account, in a stable order, as one text to compare.</summary>
    public async Task<string> SnapshotAsync()
    {
        var text = new StringBuilder();
        var buses = await Call("ListEventBuses", "{}");
        text.AppendLine(buses);
        var names = Names(buses, "EventBuses", "Name");
        var perBus = await Task.WhenAll(names.Select(async bus =>
        {
            var busArn = $"arn:aws:events:us-east-1:{Account}:event-bus/{bus}";
            var parts = await Task.WhenAll(
                Call("DescribeEventBus", Json(new { Name = bus })),
                Call("ListTagsForResource", Json(new { ResourceARN = busArn })),
                Call("ListRules", Json(new { EventBusName = bus })));
            var rules = Names(parts[2], "Rules", "Name");
            var perRule = await Task.WhenAll(rules.Select(rule => Task.WhenAll(
                Call("DescribeRule", Json(new { Name = rule, EventBusName = bus })),
                Call("ListTargetsByRule", Json(new { Rule = rule, EventBusName = bus })),
                Call("ListTagsForResource", Json(new { ResourceARN = bus == "default"
                    ? $"arn:aws:events:us-east-1:{Account}:rule/{rule}"
                    : $"arn:aws:events:us-east-1:{Account}:rule/{bus}/{rule}" })))));
            return string.Join("\n", parts.Concat(perRule.SelectMany(r => r)));
        }));
        foreach (var part in perBus) text.AppendLine(part);
        var others = await Task.WhenAll(Call("ListConnections", "{}"), Call("ListApiDestinations", "{}"));
        foreach (var part in others) text.AppendLine(part);
        return text.ToString();
    }

    private async Task<string> Call(string operation, string body)
    {
        var answer = await server.CallAsync(operation, body, accessKeyId: Account);
        return $"{operation} {body} -> {answer.Status} {answer.Body}";
    }

    private async Task Expect200(string operation, string body)
    {
        var answer = await server.CallAsync(operation, body, accessKeyId: Account);
        if (answer.Status != 200) throw new InvalidOperationException($"seeding {operation} failed: {answer.Status} {answer.Body}");
    }

    private static List<string> Names(string answer, string list, string member)
    {
        var at = answer.IndexOf("-> 200 ", StringComparison.Ordinal);
        if (at < 0) return [];
        var json = answer[(at + "-> 200 ".Length)..];
        using var document = JsonDocument.Parse(json);
        return document.RootElement.TryGetProperty(list, out var items)
            ? items.EnumerateArray().Select(i => i.GetProperty(member).GetString()!).Order(StringComparer.Ordinal).ToList()
            : [];
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);
}
