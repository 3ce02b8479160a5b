using System.Diagnostics;
using Switchyard.Bench.CityLots;
using Switchyard.Patterns;

namespace Switchyard.Bench.Patterns;

/// <summary>
/// Per-operator throughput, measured the way the reference engine was: 5 rules, every event once as a warm-up pass,
/// then 3 timed passes over all events on one thread; reports the mean events per second and allocations per match.
/// </summary>
public static class ThroughputBenchmark
{
    public static void Run(CityLotsEvents events, string? only)
    {
        Console.WriteLine($"## Per-operator throughput ({events.Count:N0} events, avg {events.TotalBytes / events.Count} B; 1 warm-up + 3 passes)");
        Console.WriteLine();
        Console.WriteLine("| type (5 rules) | ev/s wall (mean of 3) | min..max | ev per CPU-s | CPU-s rate vs reference | alloc B/match | matches per rule |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var set in OperatorRuleSets.All)
        {
            if (only is not null && !set.Name.Equals(only, StringComparison.OrdinalIgnoreCase)) continue;
            var matcher = new PatternMatcher();
            for (var i = 0; i < set.Rules.Length; i++) matcher.Add($"r{i}", EventPattern.Parse(set.Rules[i]));
            var counts = new int[set.Rules.Length];
            var names = new List<string>(16);

            // Warm-up pass, also counting matches per rule.
            for (var e = 0; e < events.Count; e++)
            {
                matcher.Match(events[e], names);
                foreach (var name in names) counts[name[1] - '0']++;
            }

            var rates = new double[3];
            var cpuRates = new double[3];
            long allocated = 0;
            for (var pass = 0; pass < 3; pass++)
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                var cpu = ThreadCpuClock.Seconds();
                var watch = Stopwatch.StartNew();
                for (var e = 0; e < events.Count; e++) matcher.Match(events[e], names);
                watch.Stop();
                cpuRates[pass] = events.Count / (ThreadCpuClock.Seconds() - cpu);
                allocated += GC.GetAllocatedBytesForCurrentThread() - before;
                rates[pass] = events.Count / watch.Elapsed.TotalSeconds;
            }

            var mean = rates.Average();
            var cpuMean = cpuRates.Average();
            Console.WriteLine($"| {set.Name} | {mean / 1000:N0}k | {rates.Min() / 1000:N0}k..{rates.Max() / 1000:N0}k | {cpuMean / 1000:N0}k | " +
                              $"{cpuMean / set.ReferenceEventsPerSecond:N1}x of {set.ReferenceEventsPerSecond / 1000}k | " +
                              $"{(double)allocated / (3.0 * events.Count):N2} | {string.Join(", ", counts)} |");
        }

        Console.WriteLine();
    }
}
