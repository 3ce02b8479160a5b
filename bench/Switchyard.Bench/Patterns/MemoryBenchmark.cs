using Switchyard.Patterns;

namespace Switchyard.Bench.Patterns;

/// <summary>
/// Managed memory held by a matcher with 10,000 rules of one kind: the whole footprint, including the parsed
/// patterns the matcher keeps, measured as the live heap after a full GC before and after.
/// </summary>
public static class MemoryBenchmark
{
    public static void Run(int ruleCount = 10_000)
    {
        Console.WriteLine($"## Memory per {ruleCount:N0} rules");
        Console.WriteLine();
        Console.WriteLine("| kind | total | per rule |");
        Console.WriteLine("|---|---|---|");
        foreach (var kind in ScalingRules.Kinds)
        {
            var rules = ScalingRules.Generate(kind, ruleCount);
            var before = GC.GetTotalMemory(forceFullCollection: true);
            var matcher = new PatternMatcher();
            for (var i = 0; i < rules.Length; i++) matcher.Add("r" + i, EventPattern.Parse(rules[i]));
            matcher.Match("""{"properties":{}}"""u8);
            var after = GC.GetTotalMemory(forceFullCollection: true);
            GC.KeepAlive(matcher);
            var bytes = after - before;
            Console.WriteLine($"| {kind} | {bytes / 1024.0 / 1024.0:N1} MB | {bytes / (double)ruleCount:N0} B |");
        }

        Console.WriteLine();
    }
}
