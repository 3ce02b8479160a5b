using System.Text;

namespace Switchyard.Patterns.Tests.Matching;

public class PatternMatcherTests
{
    private static EventPattern P(string json) => EventPattern.Parse(json);

    [Fact]
    public void ReportsEveryMatchingRuleOnce()
    {
        var matcher = new PatternMatcher();
        matcher.Add("ec2", P("""{"source":["aws.ec2"]}"""));
        matcher.Add("ec2-running", P("""{"source":["aws.ec2"],"detail":{"state":["running"]}}"""));
        matcher.Add("s3", P("""{"source":["aws.s3"]}"""));
        matcher.Add("any-state", P("""{"detail":{"state":[{"exists":true}]}}"""));
        var names = matcher.Match("""{"source":"aws.ec2","detail":{"state":"running"}}"""u8);
        Assert.Equal(["any-state", "ec2", "ec2-running"], names.Order());
        Assert.Equal(4, matcher.Count);
    }

    [Fact]
    public void AddReplacesAndRemoveForgets()
    {
        var matcher = new PatternMatcher();
        matcher.Add("r", P("""{"a":["1"]}"""));
        Assert.Equal(["r"], matcher.Match("""{"a":"1"}"""u8));
        matcher.Add("r", P("""{"a":["2"]}"""));
        Assert.Empty(matcher.Match("""{"a":"1"}"""u8));
        Assert.Equal(["r"], matcher.Match("""{"a":"2"}"""u8));
        Assert.Equal(1, matcher.Count);
        Assert.True(matcher.Remove("r"));
        Assert.False(matcher.Remove("r"));
        Assert.Empty(matcher.Match("""{"a":"2"}"""u8));
        Assert.Equal(0, matcher.Count);
    }

    [Fact]
    public void RemovingOneRuleKeepsOthersOnTheSamePath()
    {
        var matcher = new PatternMatcher();
        for (var i = 0; i < 100; i++) matcher.Add($"r{i}", P($$"""{"a":["{{i % 10}}"]}"""));
        for (var i = 0; i < 100; i += 2) matcher.Remove($"r{i}");
        var names = matcher.Match("""{"a":"3"}"""u8);
        Assert.Equal(Enumerable.Range(0, 100).Where(i => i % 2 == 1 && i % 10 == 3).Select(i => $"r{i}").Order(), names.Order());
    }

    [Fact]
    public void ClearsTheCallersCollection()
    {
        var matcher = new PatternMatcher();
        matcher.Add("r", P("""{"a":["1"]}"""));
        var names = new List<string> { "stale" };
        matcher.Match("""{"a":"1"}"""u8, names);
        Assert.Equal(["r"], names);
    }

    [Fact]
    public void EmptyMatcherMatchesNothingButStillChecksTheEvent()
    {
        var matcher = new PatternMatcher();
        Assert.Empty(matcher.Match("""{"a":1}"""u8));
        Assert.Throws<InvalidEventException>(() => matcher.Match("[1]"u8));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("\"string\"")]
    [InlineData("{\"a\":}")]
    [InlineData("{\"a\":\"x\"")]
    [InlineData("{\"a\":\"x\"}}")]
    [InlineData("{\"a\":[1,2}")]
    [InlineData("{\"a\":tru}")]
    [InlineData("{\"a\":01}")]
    [InlineData("{\"a\":\"bad \\q escape\"}")]
    [InlineData("{\"skipped\":{\"x\":[1,2}}")]
    [InlineData("{\"a\":1,}")]
    public void InvalidEventsThrowInvalidEventException(string evt)
    {
        var matcher = new PatternMatcher();
        matcher.Add("r", P("""{"a":["1"]}"""));
        Assert.Throws<InvalidEventException>(() => matcher.Match(Encoding.UTF8.GetBytes(evt)));
    }

    [Fact]
    public void SkipsSubtreesNoPatternNamesIncludingTrickyStrings()
    {
        var matcher = new PatternMatcher();
        matcher.Add("r", P("""{"b":["x"]}"""));
        var evt = """{"a":{"s":"}]\"{[","n":[[1,2],[3,{"q":"]"}]]},"b":"x"}"""u8;
        Assert.Equal(["r"], matcher.Match(evt));
    }

    [Fact]
    public void SkippingIsCorrectAtEveryAlignment()
    {
        // The skipper works on 32-byte blocks; move escapes, quotes and brackets across every block boundary.
        var matcher = new PatternMatcher();
        matcher.Add("r", P("""{"b":["x"]}"""));
        matcher.Add("inner", P("""{"skip":{"t":["\\"]}}"""));
        for (var pad = 0; pad < 80; pad++)
        {
            var filler = new string('a', pad);
            var skipped = $$$"""{"s":"{{{filler}}}\\\"]}[{","n":[1,[2,{"x":"\\"}]],"u":"\u0022{{{filler}}}"}""";
            var evt = Encoding.UTF8.GetBytes($$$"""{"z":{{{skipped}}},"skip":{"q":{{{skipped}}},"t":"\\"},"b":"x"}""");
            Assert.Equal(["inner", "r"], matcher.Match(evt).Order());
            var broken = Encoding.UTF8.GetBytes($$$"""{"z":{"s":"{{{filler}}}","n":[1,[2}]},"b":"x"}""");
            Assert.Throws<InvalidEventException>(() => matcher.Match(broken));
            var unterminated = Encoding.UTF8.GetBytes($$$"""{"z":{"s":"{{{filler}}}\"}}""");
            Assert.Throws<InvalidEventException>(() => matcher.Match(unterminated));
        }
    }

    [Fact]
    public void MatchingAllocatesNothingOnceWarm()
    {
        var matcher = new PatternMatcher();
        matcher.Add("exact", P("""{"properties":{"STREET":["JESSIE"]}}"""));
        matcher.Add("prefix", P("""{"properties":{"BLKLOT":[{"prefix":"00"}]}}"""));
        matcher.Add("ic", P("""{"properties":{"ST_TYPE":[{"equals-ignore-case":"st"}]}}"""));
        matcher.Add("numeric", P("""{"geometry":{"coordinates":[{"numeric":[">",-122.5,"<",-122.4]}]}}"""));
        matcher.Add("ab", P("""{"properties":{"ODD_EVEN":[{"anything-but":"E"}]}}"""));
        matcher.Add("wild", P("""{"properties":{"FROM_ST":[{"wildcard":"0*1"}]}}"""));
        matcher.Add("arr", P("""{"a":{"b":["1"],"c":["2"]}}"""));
        var evt = Encoding.UTF8.GetBytes("""
            {"type":"Feature","properties":{"MAPBLKLOT":"0001001","BLKLOT":"0001001","STREET":"JESSIE","ST_TYPE":"ST","ODD_EVEN":"O","FROM_ST":"0\u00411"},
             "geometry":{"type":"Polygon","coordinates":[[[-122.42,37.8,0],[-122.41,37.8,0]]]},"a":[{"b":"1","c":"2"},{"b":"3"}]}
            """);
        var names = new List<string>(16);
        for (var i = 0; i < 100; i++) matcher.Match(evt, names);
        Assert.Equal(7, names.Count);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++) matcher.Match(evt, names);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }
}
