using System.Diagnostics;
using Switchyard.Bench.CityLots;
using Switchyard.Patterns;

namespace Switchyard.Bench.Patterns;

/// <summary>
/// Throughput as the rule count grows (1, 100, 10,000, 100,000 rules of one kind) over the first 100,000 events, and
/// how long adding the rules takes. "add" is every Add plus the first Match, which publishes the compiled snapshot, so
/// it is the full cost until the rules are live; parsing the JSON patterns is reported separately. The timed passes of
/// the different sizes are interleaved (1, 100, 10k, 100k, 1, 100, ...) so that all sizes see the same background
/// load on the shared machine; otherwise the ratio to the 1-rule figure mostly measures the neighbours.
/// </summary>
public static class ScalingBenchmark
{
    private sealed class Setup(int size, double parseSeconds, double addWall, double addCpu, PatternMatcher matcher, long matches)
    {
        public int Size { get; } = size;
        public double ParseSeconds { get; } = parseSeconds;
        public double AddWall { get; } = addWall;
        public double AddCpu { get; } = addCpu;
        public PatternMatcher Matcher { get; } = matcher;
        public long Matches { get; } = matches;
        public List<double> Wall { get; } = [];
        public List<double> Cpu { get; } = [];
    }

    public static void Run(CityLotsEvents events, string? only, int[] sizes)
    {
        var count = Math.Min(events.Count, 100_000);
        Console.WriteLine($"## Scaling with the rule count (first {count:N0} events; 1 warm-up + 3 interleaved passes per size)");
        Console.WriteLine();
        Console.WriteLine("| kind | rules | parse | add (live) wall | add CPU | ev/s wall | ev per CPU-s | CPU-s rate vs 1 rule | matches/pass |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        var names = new List<string>(64);
        foreach (var kind in ScalingRules.Kinds)
        {
            if (only is not null && !kind.Equals(only, StringComparison.OrdinalIgnoreCase)) continue;
            var setups = new List<Setup>();
            foreach (var size in sizes)
            {
                var rules = ScalingRules.Generate(kind, size);
                var parseWatch = Stopwatch.StartNew();
                var parsed = rules.Select(r => EventPattern.Parse(r)).ToArray();
                parseWatch.Stop();

                var matcher = new PatternMatcher();
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

                setups.Add(new Setup(size, parseWatch.Elapsed.TotalSeconds, addWatch.Elapsed.TotalSeconds, addCpu, matcher, matches));
            }

            for (var pass = 0; pass < 3; pass++)
            {
                foreach (var setup in setups)
                {
                    var cpu = ThreadCpuClock.Seconds();
                    var watch = Stopwatch.StartNew();
                    for (var e = 0; e < count; e++) setup.Matcher.Match(events[e], names);
                    setup.Wall.Add(count / watch.Elapsed.TotalSeconds);
                    setup.Cpu.Add(count / (ThreadCpuClock.Seconds() - cpu));
                }
            }

            var single = setups[0].Cpu.Average();
            foreach (var s in setups)
            {
                Console.WriteLine($"| {kind} | {s.Size:N0} | {s.ParseSeconds:N2} s | {s.AddWall:N3} s | {s.AddCpu:N3} s | " +
                                  $"{s.Wall.Average() / 1000:N0}k | {s.Cpu.Average() / 1000:N0}k | {100 * s.Cpu.Average() / single:N0}% | {s.Matches:N0} |");
            }
        }

        Console.WriteLine();
    }
}
