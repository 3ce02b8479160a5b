using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Switchyard.LoadGen;

/// <summary>The run's figures as a human reads them, and as JSON for bench/run-load.sh to tabulate.</summary>
public static class Report
{
    public static void Print(TextWriter output, LoadResult load, DeliveryResult? delivery)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"== {load.Label} ({load.Mode} loop, {(load.Mode == "closed" ? $"concurrency {load.Load}" : $"{load.Load} req/s")}, {load.EntriesPerRequest} entries/request)"));
        output.WriteLine(string.Create(c, $"measured {load.Seconds:F1} s: {load.Requests} requests ({load.OkRequests} ok), {load.RequestsPerSecond:F1} req/s, {load.EventsPerSecond:F1} events/s"));
        output.WriteLine(string.Create(c, $"request latency ms: p50 {load.Latency.P50:F2}  p90 {load.Latency.P90:F2}  p99 {load.Latency.P99:F2}  max {load.Latency.Max:F2}"));
        if (load.Errors.Count > 0) output.WriteLine("errors: " + string.Join(", ", load.Errors.Select(e => $"{e.Key} {e.Value}")));
        if (load.Dropped > 0) output.WriteLine($"open loop: {load.Dropped} scheduled requests not sent (too many in flight)");
        if (delivery is not null)
        {
            output.WriteLine(string.Create(c, $"deliveries: {delivery.Received} received of {delivery.Expected} events accepted; unreadable {delivery.Unreadable}"));
            output.WriteLine(string.Create(c, $"PutEvents->delivery latency ms: p50 {delivery.Latency.P50:F2}  p90 {delivery.Latency.P90:F2}  p99 {delivery.Latency.P99:F2}  max {delivery.Latency.Max:F2} ({delivery.Latency.Count} timed)"));
        }
    }

    public static void WriteJson(string path, LoadResult load, DeliveryResult? delivery)
    {
        var document = new RunDocument(load, delivery, load.RequestsPerSecond, load.EventsPerSecond);
        File.WriteAllText(path, JsonSerializer.Serialize(document, ReportJsonContext.Default.RunDocument));
    }
}

/// <summary>What the receiver saw: deliveries of the sink rule (one per accepted event) and their latency.</summary>
public sealed record DeliveryResult(long Expected, long Received, long Unreadable, LatencyRecorder.Summary Latency);

public sealed record RunDocument(LoadResult Load, DeliveryResult? Delivery, double RequestsPerSecond, double EventsPerSecond);

[JsonSourceGenerationOptions(WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(RunDocument))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
