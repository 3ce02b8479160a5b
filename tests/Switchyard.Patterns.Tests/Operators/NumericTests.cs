using System.Text;
using Switchyard.Patterns.Tests.Reference;

namespace Switchyard.Patterns.Tests.Operators;

public class NumericTests
{
    [Theory]
    [InlineData("{'n':[{'numeric':['>',0,'<=',5]}]}", "{'n':5}", true)]
    [InlineData("{'n':[{'numeric':['>',0,'<=',5]}]}", "{'n':0}", false)]
    [InlineData("{'n':[{'numeric':['>',0,'<=',5]}]}", "{'n':0.0001}", true)]
    [InlineData("{'n':[{'numeric':['>',0,'<=',5]}]}", "{'n':5.0001}", false)]
    [InlineData("{'n':[{'numeric':['>=',0,'<',5]}]}", "{'n':0}", true)]
    [InlineData("{'n':[{'numeric':['>=',0,'<',5]}]}", "{'n':5}", false)]
    [InlineData("{'n':[{'numeric':['=',3.018e2]}]}", "{'n':301.8}", true)]
    [InlineData("{'n':[{'numeric':['=',5]}]}", "{'n':5.000001}", false)]
    [InlineData("{'n':[{'numeric':['<',10]}]}", "{'n':-1e300}", true)]
    [InlineData("{'n':[{'numeric':['<=',10]}]}", "{'n':10}", true)]
    [InlineData("{'n':[{'numeric':['<',10]}]}", "{'n':10}", false)]
    [InlineData("{'n':[{'numeric':['>',1e9]}]}", "{'n':5e9}", true)] // beyond the old ±5e9 limit
    [InlineData("{'n':[{'numeric':['>',-1.5e300,'<',-1e300]}]}", "{'n':-1.2e300}", true)]
    [InlineData("{'n':[{'numeric':['>=',1.7e308]}]}", "{'n':1.7976931348623157e308}", true)]
    [InlineData("{'n':[{'numeric':['>',0]}]}", "{'n':'5'}", false)] // strings never match numeric
    [InlineData("{'n':[{'numeric':['>',0]}]}", "{'n':null}", false)]
    [InlineData("{'n':[{'numeric':['>',0]}]}", "{'n':true}", false)]
    [InlineData("{'n':[{'numeric':['>',0]}]}", "{'n':1e400}", false)] // not a double: not comparable
    [InlineData("{'n':[{'numeric':['>',0]}]}", "{'n':[-1,-2,3]}", true)]
    [InlineData("{'n':[{'numeric':['>',0]}]}", "{'n':[-1,-2]}", false)]
    [InlineData("{'n':[{'numeric':['<',0]},{'numeric':['>',10]}]}", "{'n':11}", true)]
    [InlineData("{'n':[{'numeric':['<',0]},{'numeric':['>',10]}]}", "{'n':5}", false)]
    [InlineData("{'n':[{'numeric':['>',0]}, 'x']}", "{'n':'x'}", true)]
    public void Ranges(string pattern, string evt, bool expected) => MatchAssert.MatchesQ(pattern, evt, expected);

    [Fact]
    public void TenThousandOverlappingRangesEachReportExactlyTheRangesContainingTheValue()
    {
        var matcher = new PatternMatcher();
        for (var i = 0; i < 10_000; i++)
            matcher.Add($"r{i}", EventPattern.Parse($$"""{"v":[{"numeric":[">=",{{i}},"<",{{i + 50}}]}]}"""));

        foreach (var value in new[] { -1.0, 0, 49.5, 50, 5000.25, 9999, 10_048, 10_049, 10_100 })
        {
            var names = matcher.Match(Encoding.UTF8.GetBytes($$"""{"v":{{value}}}"""));
            var expected = Enumerable.Range(0, 10_000).Where(i => value >= i && value < i + 50).Select(i => $"r{i}").Order();
            Assert.Equal(expected, names.Order());
        }
    }

    [Fact]
    public void ThousandsOfLightlyOverlappingRangesAgreeWithBruteForce()
    {
        // Few ranges per value: the index stores covering lists; many endpoints: its two-level search is used.
        var random = new Random(11);
        var ranges = Enumerable.Range(0, 3000).Select(_ =>
        {
            var low = Math.Round(random.NextDouble() * 1000, 2);
            return (Low: low, High: low + Math.Round(random.NextDouble() * 2, 2) + 0.01, LowOpen: random.Next(2) == 0, HighOpen: random.Next(2) == 0);
        }).ToArray();
        var matcher = new PatternMatcher();
        for (var i = 0; i < ranges.Length; i++)
        {
            var (low, high, lowOpen, highOpen) = ranges[i];
            matcher.Add($"r{i}", EventPattern.Parse($$"""{"v":[{"numeric":["{{(lowOpen ? ">" : ">=")}}",{{low}},"{{(highOpen ? "<" : "<=")}}",{{high}}]}]}"""));
        }

        var probes = ranges.SelectMany(r => new[] { r.Low, r.High, r.Low - 0.001, r.High + 0.001 }).Concat([-5, 0, 500.5, 2000]).Where((_, i) => i % 10 == 0 || i >= 12_000);
        foreach (var value in probes)
        {
            var expected = ranges.Select((r, i) => (r, i))
                .Where(x => (x.r.LowOpen ? value > x.r.Low : value >= x.r.Low) && (x.r.HighOpen ? value < x.r.High : value <= x.r.High))
                .Select(x => $"r{x.i}").Order();
            Assert.Equal(expected, matcher.Match(Encoding.UTF8.GetBytes($$"""{"v":{{value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}}}""")).Order());
        }
    }
}
