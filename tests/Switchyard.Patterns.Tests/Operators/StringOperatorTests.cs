using System.Text;
using Switchyard.Patterns.Tests.Reference;

namespace Switchyard.Patterns.Tests.Operators;

public class StringOperatorTests
{
    [Theory]
    [InlineData("{'t':[{'prefix':'2022-'}]}", "{'t':'2022-07-13'}", true)]
    [InlineData("{'t':[{'prefix':'2022-'}]}", "{'t':'2021-07-13'}", false)]
    [InlineData("{'t':[{'prefix':'2022-'}]}", "{'t':'2022'}", false)]
    [InlineData("{'t':[{'prefix':''}]}", "{'t':'anything'}", true)] // the empty prefix matches every string
    [InlineData("{'t':[{'prefix':''}]}", "{'t':''}", true)]
    [InlineData("{'t':[{'prefix':''}]}", "{'t':5}", false)] // but only strings
    [InlineData("{'t':[{'prefix':'1'}]}", "{'t':12}", false)] // numbers never match prefix
    [InlineData("{'t':[{'prefix':'a'},{'prefix':'ab'}]}", "{'t':'abc'}", true)]
    [InlineData("{'t':[{'prefix':'AB'}]}", "{'t':'abc'}", false)]
    [InlineData("{'t':[{'prefix':{'equals-ignore-case':'AB'}}]}", "{'t':'abc'}", true)]
    [InlineData("{'t':[{'prefix':{'equals-ignore-case':'äB'}}]}", "{'t':'ÄbX'}", true)]
    [InlineData("{'t':[{'prefix':{'equals-ignore-case':'AB'}}]}", "{'t':'xab'}", false)]
    [InlineData("{'t':[{'prefix':'x'}]}", "{'t':['a','xy']}", true)]
    public void Prefix(string pattern, string evt, bool expected) => MatchAssert.MatchesQ(pattern, evt, expected);

    [Theory]
    [InlineData("{'f':[{'suffix':'.png'}]}", "{'f':'image.png'}", true)]
    [InlineData("{'f':[{'suffix':'.png'}]}", "{'f':'image.PNG'}", false)]
    [InlineData("{'f':[{'suffix':'.png'}]}", "{'f':'png'}", false)]
    [InlineData("{'f':[{'suffix':'.png'}]}", "{'f':'.png'}", true)]
    [InlineData("{'f':[{'suffix':'5'}]}", "{'f':15}", false)]
    [InlineData("{'f':[{'suffix':{'equals-ignore-case':'.PnG'}}]}", "{'f':'image.png'}", true)]
    [InlineData("{'f':[{'suffix':{'equals-ignore-case':'.PnG'}}]}", "{'f':'image.jpg'}", false)]
    [InlineData("{'f':[{'suffix':{'equals-ignore-case':'É'}}]}", "{'f':'café'}", true)]
    public void Suffix(string pattern, string evt, bool expected) => MatchAssert.MatchesQ(pattern, evt, expected);

    [Theory]
    [InlineData("{'d':[{'equals-ignore-case':'EC2 Instance'}]}", "{'d':'ec2 instance'}", true)]
    [InlineData("{'d':[{'equals-ignore-case':'EC2'}]}", "{'d':'ec2 '}", false)]
    [InlineData("{'d':[{'equals-ignore-case':'ÄB'}]}", "{'d':'äb'}", true)]
    [InlineData("{'d':[{'equals-ignore-case':'ss'}]}", "{'d':'ß'}", false)] // per code point, not full case folding
    [InlineData("{'d':[{'equals-ignore-case':''}]}", "{'d':''}", true)]
    [InlineData("{'d':[{'equals-ignore-case':'1'}]}", "{'d':1}", false)]
    public void EqualsIgnoreCase(string pattern, string evt, bool expected) => MatchAssert.MatchesQ(pattern, evt, expected);

    [Theory]
    [InlineData("{'a':[{'wildcard':'*/bin/*.jar'}]}", "{'a':'/usr/bin/app.jar'}", true)]
    [InlineData("{'a':[{'wildcard':'*/bin/*.jar'}]}", "{'a':'/usr/lib/app.jar'}", false)]
    [InlineData("{'a':[{'wildcard':'a*b*c'}]}", "{'a':'abc'}", true)]
    [InlineData("{'a':[{'wildcard':'a*b*c'}]}", "{'a':'aXbYc'}", true)]
    [InlineData("{'a':[{'wildcard':'a*b*c'}]}", "{'a':'acb'}", false)]
    [InlineData("{'a':[{'wildcard':'a*a'}]}", "{'a':'a'}", false)] // the star cannot reuse the fixed ends
    [InlineData("{'a':[{'wildcard':'a*a'}]}", "{'a':'aa'}", true)]
    [InlineData("{'a':[{'wildcard':'*'}]}", "{'a':''}", true)]
    [InlineData("{'a':[{'wildcard':'*'}]}", "{'a':5}", false)]
    [InlineData("{'a':[{'wildcard':'abc'}]}", "{'a':'abc'}", true)] // no star: exact
    [InlineData("{'a':[{'wildcard':'abc'}]}", "{'a':'abcd'}", false)]
    [InlineData("{'a':[{'wildcard':'ab*'}]}", "{'a':'abxyz'}", true)]
    [InlineData("{'a':[{'wildcard':'*yz'}]}", "{'a':'abxyz'}", true)]
    [InlineData("{'a':[{'wildcard':'*x*'}]}", "{'a':'abxyz'}", true)]
    [InlineData("{'a':[{'wildcard':'*q*'}]}", "{'a':'abxyz'}", false)]
    [InlineData("{'a':[{'wildcard':'a\\\\*b'}]}", "{'a':'a*b'}", true)] // \* is a literal star
    [InlineData("{'a':[{'wildcard':'a\\\\*b'}]}", "{'a':'aXb'}", false)]
    [InlineData("{'a':[{'wildcard':'a\\\\\\\\*'}]}", "{'a':'a\\\\xyz'}", true)] // \\ is a literal backslash, then a star
    [InlineData("{'a':[{'wildcard':'arn:aws:events:*:*:event-bus/*'}]}", "{'a':'arn:aws:events:us-east-1:123:event-bus/default'}", true)]
    [InlineData("{'a':[{'wildcard':'Ab*'}]}", "{'a':'abc'}", false)] // wildcard is case-sensitive
    public void Wildcard(string pattern, string evt, bool expected) => MatchAssert.MatchesQ(pattern, evt, expected);

    [Fact]
    public void ManyWildcardsOnOnePathAreAllChecked()
    {
        var matcher = new PatternMatcher();
        matcher.Add("prefixed", EventPattern.Parse("""{"a":[{"wildcard":"ab*yz"}]}"""));
        matcher.Add("suffixed", EventPattern.Parse("""{"a":[{"wildcard":"*x*z"}]}"""));
        matcher.Add("floating", EventPattern.Parse("""{"a":[{"wildcard":"*bx*"}]}"""));
        matcher.Add("miss", EventPattern.Parse("""{"a":[{"wildcard":"ab*q*"}]}"""));
        var names = matcher.Match("""{"a":"abxyz"}"""u8);
        Assert.Equal(["floating", "prefixed", "suffixed"], names.Order());
    }

    [Theory]
    [InlineData(3)] // few distinct key lengths: one hash table per length
    [InlineData(7)] // many distinct key lengths: byte trie
    public void PrefixSuffixAndWildcardIndexesFindEveryKeyLength(int lengths)
    {
        var matcher = new PatternMatcher();
        for (var n = 1; n <= lengths; n++)
        {
            var head = "abcdefg"[..n];
            var tail = "tuvwxyz"[^n..];
            matcher.Add($"p{n}", EventPattern.Parse($$"""{"v":[{"prefix":"{{head}}"}]}"""));
            matcher.Add($"s{n}", EventPattern.Parse($$"""{"v":[{"suffix":"{{tail}}"}]}"""));
            matcher.Add($"ip{n}", EventPattern.Parse($$$"""{"v":[{"prefix":{"equals-ignore-case":"{{{head.ToUpperInvariant()}}}"}}]}"""));
            matcher.Add($"w{n}", EventPattern.Parse($$"""{"v":[{"wildcard":"{{head}}*m*{{tail}}"}]}"""));
            matcher.Add($"ws{n}", EventPattern.Parse($$"""{"v":[{"wildcard":"*m*{{tail}}"}]}"""));
        }

        var names = matcher.Match("""{"v":"abcmxyz"}"""u8);
        var expected = Enumerable.Range(1, lengths).SelectMany(n => new[]
        {
            n <= 3 ? $"p{n}" : null, n <= 3 ? $"s{n}" : null, n <= 3 ? $"ip{n}" : null, n <= 3 ? $"w{n}" : null, n <= 3 ? $"ws{n}" : null,
        }).Where(x => x is not null).Order();
        Assert.Equal(expected, names.Order());
    }

    [Theory]
    [InlineData(4)]  // few head/tail length pairs: wildcards are filed under both ends
    [InlineData(12)] // too many pairs: filed under their head only
    public void WildcardsAnchoredAtBothEndsAreFoundThroughEitherIndex(int count)
    {
        var matcher = new PatternMatcher();
        const string value = "abcdefmnopqrstuvwxyz";
        for (var i = 0; i < count; i++)
        {
            var head = value[..(i % 4 + 1)];
            var tail = value[^(i % 3 + 1 + (i / 4))..];
            matcher.Add($"hit{i}", EventPattern.Parse($$"""{"v":[{"wildcard":"{{head}}*{{tail}}"}]}"""));
            matcher.Add($"miss{i}", EventPattern.Parse($$"""{"v":[{"wildcard":"{{head}}*q*{{tail}}x"}]}"""));
        }

        var names = matcher.Match(Encoding.UTF8.GetBytes($$"""{"v":"{{value}}"}"""));
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"hit{i}").Order(), names.Order());
    }
}
