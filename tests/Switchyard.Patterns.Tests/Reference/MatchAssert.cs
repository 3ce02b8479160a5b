using System.Text;

namespace Switchyard.Patterns.Tests.Reference;

/// <summary>
/// Checks one (pattern, event) case three ways: the compiled matcher through <see cref="PatternMatcher"/>, the
/// single-pattern <see cref="EventPattern.Matches"/>, and the reference interpreter, all against the expected answer.
/// </summary>
public static class MatchAssert
{
    public static void Matches(string pattern, string evt, bool expected)
    {
        var parsed = EventPattern.Parse(pattern);
        var bytes = Encoding.UTF8.GetBytes(evt);

        var matcher = new PatternMatcher();
        matcher.Add("rule", parsed);
        var compiled = matcher.Match(bytes).Count == 1;
        Assert.True(expected == compiled, $"compiled matcher said {compiled}, expected {expected}\npattern: {pattern}\nevent: {evt}");
        Assert.Equal(expected, parsed.Matches(bytes));

        var reference = ReferenceInterpreter.Matches(pattern, evt);
        Assert.True(expected == reference, $"reference interpreter said {reference}, expected {expected}\npattern: {pattern}\nevent: {evt}");

        var explained = PatternExplainer.Explain(parsed, bytes);
        Assert.True(expected == explained.Matched, $"explainer said {explained}, expected {expected}\npattern: {pattern}\nevent: {evt}");
    }

    /// <summary>Single quotes stand for double quotes, to keep the test tables readable.</summary>
    public static void MatchesQ(string pattern, string evt, bool expected) =>
        Matches(pattern.Replace('\'', '"'), evt.Replace('\'', '"'), expected);
}
