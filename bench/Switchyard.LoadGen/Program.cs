using System.Diagnostics;
using Switchyard.LoadGen;

// switchyard-loadgen: the load generator of bench/run-load.sh (see docs/performance-load.md).
if (args.Contains("--help"))
{
    Console.WriteLine(LoadOptions.Usage);
    return 0;
}

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (Exception error) when (error is ArgumentException or FormatException or UriFormatException)
{
    Console.Error.WriteLine(error.Message);
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

var connections = options.Mode == LoadMode.Closed ? options.Concurrency : 512;
using var client = new EventsClient(options, connections);
if (!options.SkipSetup) await RuleSetup.RunAsync(client, options, Console.Out);
if (options.SetupOnly) return 0;

await using var receiver = options.Sink ? await DeliveryReceiver.StartAsync(options.ReceiverPort) : null;
var runner = new LoadRunner(client, options);
var load = await runner.RunAsync(onMeasuringStarts: () => receiver?.StartMeasuring());

DeliveryResult? delivery = null;
if (receiver is not null)
{
    // Wait for the tail of the deliveries, bounded by --drain.
    var drainUntil = Stopwatch.GetTimestamp() + (long)(options.Drain.TotalSeconds * Stopwatch.Frequency);
    while (receiver.Received < load.EventsIncludingWarmup && Stopwatch.GetTimestamp() < drainUntil) await Task.Delay(50);
    delivery = new DeliveryResult(load.EventsIncludingWarmup, receiver.Received, receiver.Unreadable, receiver.Latency.Summarise());
}

Report.Print(Console.Out, load, delivery);
if (options.JsonOutput is not null) Report.WriteJson(options.JsonOutput, load, delivery);
return load.Requests > 0 && load.OkRequests == 0 ? 1 : 0;
