using BenchmarkDotNet.Attributes;
using Switchyard.Bench.CityLots;
using Switchyard.Patterns;

namespace Switchyard.Bench.Patterns;

/// <summary>
/// BenchmarkDotNet view of one match per operator type over a fixed sample of 1,000 events, with the memory
/// diagnoser confirming zero allocations per match. Slower to run than the Stopwatch modes; use for detail.
/// </summary>
[MemoryDiagnoser]
public class MatchBenchmarks
{
    private CityLotsEvents _events = null!;
    private PatternMatcher _matcher = null!;
    private readonly List<string> _names = new(16);

    [ParamsSource(nameof(Types))]
    public string Type { get; set; } = "EXACT";

    public static IEnumerable<string> Types => OperatorRuleSets.All.Select(s => s.Name);

    [GlobalSetup]
    public void Setup()
    {
        _events = CityLotsGenerator.Generate(1_000);
        _matcher = new PatternMatcher();
        var set = OperatorRuleSets.All.Single(s => s.Name == Type);
        for (var i = 0; i < set.Rules.Length; i++) _matcher.Add($"r{i}", EventPattern.Parse(set.Rules[i]));
    }

    [Benchmark(OperationsPerInvoke = 1_000)]
    public int MatchThousandEvents()
    {
        var total = 0;
        for (var e = 0; e < _events.Count; e++)
        {
            _matcher.Match(_events[e], _names);
            total += _names.Count;
        }

        return total;
    }
}
