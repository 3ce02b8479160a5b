using System.Text;

namespace Switchyard.Patterns.Tests.Explaining;

public class ExplainerTests
{
    private static PatternExplanation Explain(string pattern, string evt) =>
        PatternExplainer.Explain(EventPattern.Parse(pattern), Encoding.UTF8.GetBytes(evt));

    [Fact]
    public void NamesTheValueThatDidNotMatch()
    {
        var result = Explain("""{"detail":{"state":["running"]}}""", """{"detail":{"state":"stopped"}}""");
        Assert.Equal(new PatternExplanation(false, "detail.state", "value \"stopped\" is not one of [\"running\"]"), result);
    }

    [Fact]
    public void NamesTheMissingField()
    {
        var result = Explain("""{"source":["a"],"detail":{"state":["running"]}}""", """{"source":"a"}""");
        Assert.Equal(new PatternExplanation(false, "detail.state", "field is missing"), result);
    }

    [Fact]
    public void SaysWhenTheFieldIsAnObject()
    {
        var result = Explain("""{"detail":[{"exists":true}]}""", """{"detail":{"a":1}}""");
        Assert.Equal("detail", result.FailedPath);
        Assert.Equal("field is an object, not a value", result.Reason);
    }

    [Fact]
    public void ExplainsExistsFalseAndArrayConsistency()
    {
        var absent = Explain("""{"a":[{"exists":false}]}""", """{"a":5}""");
        Assert.Equal("a", absent.FailedPath);
        Assert.Contains("absent", absent.Reason);

        var arrays = Explain("""{"e":{"f":["Anna"],"l":["Jones"]}}""", """{"e":[{"f":"Anna","l":"Smith"},{"f":"Peter","l":"Jones"}]}""");
        Assert.False(arrays.Matched);
        Assert.Contains("different elements", arrays.Reason);
    }

    [Fact]
    public void MatchedHasNoReason() =>
        Assert.Equal(new PatternExplanation(true, null, null), Explain("""{"a":[{"prefix":"x"}]}""", """{"a":"xy"}"""));

    [Fact]
    public void PicksTheClosestOrBranch()
    {
        var result = Explain("""{"$or":[{"a":["1"]},{"b":["2"],"c":["3"]}]}""", """{"b":"2","c":"4"}""");
        Assert.Equal("c", result.FailedPath);
    }

    [Fact]
    public void InvalidEventThrows() =>
        Assert.Throws<InvalidEventException>(() => Explain("""{"a":["1"]}""", "{\"a\":"));
}
