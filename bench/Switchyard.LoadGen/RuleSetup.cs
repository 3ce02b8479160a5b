using System.Text.Json;

namespace Switchyard.LoadGen;

/// <summary>Creates the bus (unless default), the rules and, with --sink, the catch-all rule and its Lambda target.</summary>
public static class RuleSetup
{
    public static async Task RunAsync(EventsClient client, LoadOptions options, TextWriter log)
    {
        if (options.Bus != "default")
        {
            var created = await client.CallAsync("CreateEventBus", Body(w => w.WriteString("Name", options.Bus)));
            if (!created.Ok && created.ErrorType != "ResourceAlreadyExistsException")
                throw new InvalidOperationException($"CreateEventBus failed: {created.Text}");
        }
        for (var i = 0; i < options.Rules; i++)
            await PutRule(client, options.Bus, $"loadgen-{i:D4}", Workload.RulePattern(i));
        if (options.Sink)
        {
            await PutRule(client, options.Bus, Workload.SinkRuleName, Workload.SinkPattern);
            var targets = await client.CallAsync("PutTargets", Body(w =>
            {
                w.WriteString("Rule", Workload.SinkRuleName);
                w.WriteString("EventBusName", options.Bus);
                w.WriteStartArray("Targets");
                w.WriteStartObject();
                w.WriteString("Id", "receiver");
                w.WriteString("Arn", options.SinkFunctionArn);
                w.WriteEndObject();
                w.WriteEndArray();
            }));
            if (!targets.Ok || targets.Text.Contains("\"FailedEntryCount\":1", StringComparison.Ordinal))
                throw new InvalidOperationException($"PutTargets failed: {targets.Text}");
        }
        log.WriteLine($"setup: bus {options.Bus}, {options.Rules} rules{(options.Sink ? $" + {Workload.SinkRuleName} -> {options.SinkFunctionArn}" : "")}");
    }

    private static async Task PutRule(EventsClient client, string bus, string name, string pattern)
    {
        var response = await client.CallAsync("PutRule", Body(w =>
        {
            w.WriteString("Name", name);
            w.WriteString("EventBusName", bus);
            w.WriteString("EventPattern", pattern);
        }));
        if (!response.Ok) throw new InvalidOperationException($"PutRule {name} failed: {response.Text}");
    }

    private static byte[] Body(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        return stream.ToArray();
    }
}
