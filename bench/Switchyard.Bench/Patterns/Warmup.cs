using Switchyard.Patterns;
using Switchyard.Bench.CityLots;

namespace Switchyard.Bench.Patterns;

/// <summary>
/// Runs every rule set and scaling kind over part of the events before anything is timed, so that tiered JIT has
/// promoted the hot paths to optimised code; otherwise whatever is measured first looks slower than it is.
/// </summary>
public static class Warmup
{
    public static void Run(CityLotsEvents events)
    {
        var names = new List<string>(64);
        var count = Math.Min(events.Count, 50_000);
        var sets = OperatorRuleSets.All.Select(s => s.Rules)
            .Concat(ScalingRules.Kinds.Select(k => ScalingRules.Generate(k, 100)));
        foreach (var rules in sets)
        {
            var matcher = new PatternMatcher();
            for (var i = 0; i < rules.Length; i++) matcher.Add("r" + i, EventPattern.Parse(rules[i]));
            for (var round = 0; round < 2; round++)
                for (var e = 0; e < count; e++) matcher.Match(events[e], names);
        }

        Thread.Sleep(500); // let the background JIT finish its queue
    }
}
