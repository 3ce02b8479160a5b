using BenchmarkDotNet.Running;
using Switchyard.Bench.CityLots;
using Switchyard.Bench.Patterns;

// Modes (dotnet run -c Release --project bench/Switchyard.Bench -- <mode> [options]):
//   patterns-throughput   per-operator throughput, 5 rules per type, 1 warm-up + 3 passes over all events
//   patterns-scaling      1/100/10,000/100,000 rules of exact, prefix, wildcard, numeric-range; add time and throughput
//   patterns-memory       managed memory of a matcher holding 10,000 rules of each kind
//   patterns-all          all of the above
//   bdn [BenchmarkDotNet args]   BenchmarkDotNet (e.g. bdn --filter '*MatchBenchmarks*')
// Options: --events N (default 213068), --only NAME (one type or kind), --sizes 1,100,10000 (scaling).
var mode = args.Length > 0 ? args[0] : "patterns-all";
if (mode == "bdn")
{
    BenchmarkSwitcher.FromAssembly(typeof(MatchBenchmarks).Assembly).Run(args[1..]);
    return;
}

var eventCount = Option("--events") is { } n ? int.Parse(n) : CityLotsGenerator.DefaultCount;
var only = Option("--only");
var sizes = Option("--sizes") is { } s ? s.Split(',').Select(int.Parse).ToArray() : [1, 100, 10_000, 100_000];

Console.WriteLine($"Switchyard.Patterns benchmark: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, " +
                  $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
Console.WriteLine();
var events = mode is "patterns-memory" ? null : CityLotsGenerator.Generate(eventCount);
if (events is not null) Warmup.Run(events);

switch (mode)
{
    case "patterns-throughput": ThroughputBenchmark.Run(events!, only); break;
    case "patterns-scaling": ScalingBenchmark.Run(events!, only, sizes); break;
    case "patterns-memory": MemoryBenchmark.Run(); break;
    case "patterns-all":
        ThroughputBenchmark.Run(events!, only);
        ScalingBenchmark.Run(events!, only, sizes);
        MemoryBenchmark.Run();
        break;
    default:
        Console.Error.WriteLine($"unknown mode {mode}");
        Environment.Exit(2);
        break;
}

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
