using System.Diagnostics;
using Switchyard.Bench.CityLots;
using Switchyard.Patterns;

namespace Switchyard.Bench.Patterns;

/// <summary>
/// Throughput as the rule count grows (1, 100, 10,000, 100,000 rules of one kind) over the first 100,000 events, and
/// how long adding the rules takes. "add" is every Add plus the first Match, which publishes the compiled snapshot, so
/// it is the full cost until the rules are live; parsing the JSON patterns is reported separately.
/// </summary>
public static class ScalingBenchmark
{
    public static void Run(CityLotsEvents events, string? only, int[] sizes)
    {
        var count = Math.Min(events.Count, 100_000);
        Console.WriteLine($"## Scaling with the rule count (first {count:N0} events; 1 warm-up + 3 passes)");
        Console.WriteLine();
        Console.WriteLine("| kind | rules | parse | add (live) wall | add CPU | ev/s wall | ev per CPU-s | CPU-s rate vs 1 rule | matches/pass |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var kind in ScalingRules.Kinds)
        {
            if (only is not null && !kind.Equals(only, StringComparison.OrdinalIgnoreCase)) continue;
            double? single = null;
            foreach (var size in sizes)
            {
                var rules = ScalingRules.Generate(kind, size);
                var parseWatch = Stopwatch.StartNew();
                var parsed = rules.Select(r => EventPattern.Parse(r)).ToArray();
                parseWatch.Stop();

                var matcher = new PatternMatcher();
                var names = new List<string>(64);
                var addCpu = ThreadCpuClock.Seconds();
                var addWatch = Stopwatch.StartNew();
                for (var i = 0; i < parsed.Length; i++) matcher.Add("r" + i, parsed[i]);
                matcher.Match(events[0], names);
                addWatch.Stop();
                addCpu = ThreadCpuClock.Seconds() - addCpu;

                long matches = 0;
                for (var e = 0; e < count; e++)
                {
                    matcher.Match(events[e], names);
                    matches += names.Count;
                }

                var rates = new double[3];
                var cpuRates = new double[3];
                for (var pass = 0; pass < 3; pass++)
                {
                    var cpu = ThreadCpuClock.Seconds();
                    var watch = Stopwatch.StartNew();
                    for (var e = 0; e < count; e++) matcher.Match(events[e], names);
                    rates[pass] = count / watch.Elapsed.TotalSeconds;
                    cpuRates[pass] = count / (ThreadCpuClock.Seconds() - cpu);
                }

                var mean = rates.Average();
                var cpuMean = cpuRates.Average();
                single ??= cpuMean;
                Console.WriteLine($"| {kind} | {size:N0} | {parseWatch.Elapsed.TotalSeconds:N2} s | {addWatch.Elapsed.TotalSeconds:N3} s | {addCpu:N3} s | " +
                                  $"{mean / 1000:N0}k | {cpuMean / 1000:N0}k | {100 * cpuMean / single.Value:N0}% | {matches:N0} |");
            }
        }

        Console.WriteLine();
    }
}
