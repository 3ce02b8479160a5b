using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Switchyard.Patterns.Tests.Reference;

namespace Switchyard.Patterns.Tests.Properties;

/// <summary>
/// The compiled matcher must give the reference interpreter's answer for random patterns and events, both for one
/// pattern alone and for many patterns sharing one compiled structure.
/// </summary>
public class MatcherAgreesWithReferenceProperties
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(1500).WithQuietOnSuccess(true);

    [Fact]
    public void GeneratedPatternsAreValid() =>
        Check.One(Config.WithMaxTest(300), Prop.ForAll(PatternGenerators.Pattern.ToArbitrary(), pattern =>
        {
            EventPattern.Parse(pattern);
            return true;
        }));

    [Fact]
    public void OnePatternAgreesWithReference() =>
        Check.One(Config, Prop.ForAll(PatternGenerators.Pattern.ToArbitrary(), PatternGenerators.Event.ToArbitrary(), (pattern, evt) =>
        {
            var expected = ReferenceInterpreter.Matches(pattern, evt);
            var parsed = EventPattern.Parse(pattern);
            var bytes = Encoding.UTF8.GetBytes(evt);
            var matcher = new PatternMatcher();
            matcher.Add("p", parsed);
            var compiled = matcher.Match(bytes).Count == 1;
            var explained = PatternExplainer.Explain(parsed, bytes).Matched;
            return (compiled == expected && explained == expected)
                .Label($"pattern {pattern}\nevent {evt}\nreference {expected}, compiled {compiled}, explainer {explained}");
        }));

    [Fact]
    public void ManyPatternsInOneMatcherAgreeWithReference()
    {
        var cases = Gen.Choose(1, 12).SelectMany(n => PatternGenerators.Pattern.ArrayOf(n))
            .SelectMany(ps => PatternGenerators.Event.ArrayOf(4).Select(es => (ps, es)));
        Check.One(Config.WithMaxTest(400), Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (ps, events) = c;
            var matcher = new PatternMatcher();
            for (var i = 0; i < ps.Length; i++) matcher.Add($"p{i}", EventPattern.Parse(ps[i]));
            // Remove and re-add one pattern so ids get reused the way a live bus reuses them.
            matcher.Remove("p0");
            matcher.Add("p0", EventPattern.Parse(ps[0]));
            foreach (var evt in events)
            {
                var expected = Enumerable.Range(0, ps.Length).Where(i => ReferenceInterpreter.Matches(ps[i], evt)).Select(i => $"p{i}").Order().ToArray();
                var actual = matcher.Match(Encoding.UTF8.GetBytes(evt)).Order().ToArray();
                if (!expected.SequenceEqual(actual))
                    return false.Label($"event {evt}\nexpected [{string.Join(",", expected)}] got [{string.Join(",", actual)}]\n" +
                                       string.Join("\n", ps.Select((p, i) => $"p{i}: {p}")));
            }

            return true.ToProperty();
        }));
    }
}

/// <summary>Guards the generators: random pairs must both match and fail often, or the properties above prove little.</summary>
public class GeneratorCoverageTests
{
    [Fact]
    public void RandomPairsMatchOftenEnough()
    {
        var patterns = PatternGenerators.Pattern.Sample(2000, 30);
        var events = PatternGenerators.Event.Sample(2000, 30);
        var matches = patterns.Zip(events).Count(p => ReferenceInterpreter.Matches(p.First, p.Second));
        Assert.InRange(matches, 100, 1900);
    }
}
