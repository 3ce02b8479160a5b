using Switchyard.Patterns.Tests.Reference;

namespace Switchyard.Patterns.Tests.Operators;

public class AnythingButTests
{
    [Theory]
    [InlineData("{'s':[{'anything-but':'stopped'}]}", "{'s':'running'}", true)]
    [InlineData("{'s':[{'anything-but':'stopped'}]}", "{'s':'stopped'}", false)]
    [InlineData("{'s':[{'anything-but':'stopped'}]}", "{'x':'running'}", false)] // never matches a missing field
    [InlineData("{'s':[{'anything-but':'stopped'}]}", "{'s':null}", true)] // null is present and is not "stopped"
    [InlineData("{'s':[{'anything-but':'x'}]}", "{'s':5}", true)] // other types are "anything but"
    [InlineData("{'s':[{'anything-but':'x'}]}", "{'s':['x','y']}", true)] // some element is not excluded
    [InlineData("{'s':[{'anything-but':'x'}]}", "{'s':['x']}", false)]
    [InlineData("{'s':[{'anything-but':'x'}]}", "{'s':['x','x']}", false)]
    [InlineData("{'s':[{'anything-but':'x'}]}", "{'s':[]}", false)]
    [InlineData("{'s':[{'anything-but':'x'}]}", "{'s':{'t':'y'}}", false)] // an object has no value here
    [InlineData("{'s':[{'anything-but':['a','b']}]}", "{'s':'c'}", true)]
    [InlineData("{'s':[{'anything-but':['a','b']}]}", "{'s':'b'}", false)]
    [InlineData("{'s':[{'anything-but':[1,2]}]}", "{'s':'1'}", true)] // type asymmetry: strings are not numbers
    [InlineData("{'s':[{'anything-but':[1,2]}]}", "{'s':2.0}", false)]
    [InlineData("{'s':[{'anything-but':[1,2]}]}", "{'s':3}", true)]
    [InlineData("{'s':[{'anything-but':0}]}", "{'s':0}", false)]
    [InlineData("{'s':[{'anything-but':0}]}", "{'s':-0.0}", false)]
    [InlineData("{'s':[{'anything-but':0}]}", "{'s':1}", true)]
    [InlineData("{'s':[{'anything-but':'x'}, 'x']}", "{'s':'x'}", true)] // OR with an exact value
    public void Values(string pattern, string evt, bool expected) => MatchAssert.MatchesQ(pattern, evt, expected);

    [Theory]
    [InlineData("{'s':[{'anything-but':{'prefix':'init'}}]}", "{'s':'running'}", true)]
    [InlineData("{'s':[{'anything-but':{'prefix':'init'}}]}", "{'s':'initializing'}", false)]
    [InlineData("{'s':[{'anything-but':{'prefix':'init'}}]}", "{'s':5}", true)] // another type matches
    [InlineData("{'s':[{'anything-but':{'prefix':'init'}}]}", "{}", false)]
    [InlineData("{'s':[{'anything-but':{'prefix':['a','b']}}]}", "{'s':'bz'}", false)]
    [InlineData("{'s':[{'anything-but':{'prefix':['a','b']}}]}", "{'s':'cz'}", true)]
    [InlineData("{'s':[{'anything-but':{'suffix':'.txt'}}]}", "{'s':'a.png'}", true)]
    [InlineData("{'s':[{'anything-but':{'suffix':'.txt'}}]}", "{'s':'a.txt'}", false)]
    [InlineData("{'s':[{'anything-but':{'suffix':['.txt','.md']}}]}", "{'s':'a.md'}", false)]
    [InlineData("{'s':[{'anything-but':{'suffix':'.txt'}}]}", "{'s':true}", true)]
    public void PrefixAndSuffix(string pattern, string evt, bool expected) => MatchAssert.MatchesQ(pattern, evt, expected);

    [Theory]
    [InlineData("{'s':[{'anything-but':{'equals-ignore-case':'Stopped'}}]}", "{'s':'STOPPED'}", false)]
    [InlineData("{'s':[{'anything-but':{'equals-ignore-case':'Stopped'}}]}", "{'s':'running'}", true)]
    [InlineData("{'s':[{'anything-but':{'equals-ignore-case':['Stopped','Pending']}}]}", "{'s':'pending'}", false)]
    [InlineData("{'s':[{'anything-but':{'equals-ignore-case':['Stopped','Pending']}}]}", "{'s':3}", true)]
    [InlineData("{'s':[{'anything-but':{'wildcard':'*/bin/*.jar'}}]}", "{'s':'/usr/bin/a.jar'}", false)]
    [InlineData("{'s':[{'anything-but':{'wildcard':'*/bin/*.jar'}}]}", "{'s':'/usr/lib/a.jar'}", true)]
    [InlineData("{'s':[{'anything-but':{'wildcard':['a*','*z']}}]}", "{'s':'xyz'}", false)]
    [InlineData("{'s':[{'anything-but':{'wildcard':['a*','*z']}}]}", "{'s':'xy'}", true)]
    [InlineData("{'s':[{'anything-but':{'wildcard':'*'}}]}", "{'s':'anything'}", false)]
    [InlineData("{'s':[{'anything-but':{'wildcard':'*'}}]}", "{'s':7}", true)]
    public void IgnoreCaseAndWildcard(string pattern, string evt, bool expected) => MatchAssert.MatchesQ(pattern, evt, expected);

    [Fact]
    public void ManyAnythingButRulesOnOnePathAreEachDecided()
    {
        var matcher = new PatternMatcher();
        matcher.Add("not-a", EventPattern.Parse("""{"s":[{"anything-but":"a"}]}"""));
        matcher.Add("not-b", EventPattern.Parse("""{"s":[{"anything-but":"b"}]}"""));
        matcher.Add("not-prefix-a", EventPattern.Parse("""{"s":[{"anything-but":{"prefix":"a"}}]}"""));
        matcher.Add("exact-a", EventPattern.Parse("""{"s":["a"]}"""));
        Assert.Equal(["exact-a", "not-b"], matcher.Match("""{"s":"a"}"""u8).Order());
        Assert.Equal(["not-a", "not-b", "not-prefix-a"], matcher.Match("""{"s":"c"}"""u8).Order());
    }
}
