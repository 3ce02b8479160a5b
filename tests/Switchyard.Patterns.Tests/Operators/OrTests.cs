using Switchyard.Patterns.Tests.Reference;

namespace Switchyard.Patterns.Tests.Operators;

public class OrTests
{
    private const string TopLevel = "{'source':['aws.cloudwatch'],'$or':[{'metricName':['CPU','Read']},{'namespace':['AWS/EC2'],'metricType':['M']},{'scope':['Service']}]}";

    [Theory]
    [InlineData(TopLevel, "{'source':'aws.cloudwatch','metricName':'CPU'}", true)]
    [InlineData(TopLevel, "{'source':'aws.cloudwatch','namespace':'AWS/EC2','metricType':'M'}", true)]
    [InlineData(TopLevel, "{'source':'aws.cloudwatch','namespace':'AWS/EC2'}", false)]
    [InlineData(TopLevel, "{'source':'aws.cloudwatch','scope':'Service'}", true)]
    [InlineData(TopLevel, "{'source':'aws.ec2','scope':'Service'}", false)] // AND-ed with the sibling
    [InlineData("{'detail':{'$or':[{'c':[{'numeric':['>',0,'<=',5]}]},{'d':[{'numeric':['<',10]}]}]}}", "{'detail':{'d':3}}", true)]
    [InlineData("{'detail':{'$or':[{'c':[{'numeric':['>',0,'<=',5]}]},{'d':[{'numeric':['<',10]}]}]}}", "{'detail':{'c':30,'d':30}}", false)]
    [InlineData("{'$or':[{'a':['1']},{'$or':[{'b':['2']},{'c':['3']}]}]}", "{'c':'3'}", true)] // nested
    [InlineData("{'$or':[{'a':['1']},{'$or':[{'b':['2']},{'c':['3']}]}]}", "{'d':'3'}", false)]
    [InlineData("{'$or':[{'a':['1']},{'b':['2']}],'x':{'$or':[{'y':['3']},{'z':['4']}]}}", "{'b':'2','x':{'z':'4'}}", true)]
    [InlineData("{'$or':[{'a':['1']},{'b':['2']}],'x':{'$or':[{'y':['3']},{'z':['4']}]}}", "{'b':'2','x':{'q':'4'}}", false)]
    [InlineData("{'$or':[{'a':[{'exists':false}]},{'b':['2']}]}", "{'c':1}", true)]
    [InlineData("{'$or':[{'a':[{'exists':false}]},{'b':['2']}]}", "{'a':1,'b':'2'}", true)]
    [InlineData("{'$or':[{'a':[{'exists':false}]},{'b':['2']}]}", "{'a':1,'b':'3'}", false)]
    public void Alternatives(string pattern, string evt, bool expected) => MatchAssert.MatchesQ(pattern, evt, expected);

    [Theory]
    // $or is an OR only as an array of at least two objects without match keywords; otherwise it is a field name.
    [InlineData("{'$or':['a','b']}", "{'$or':'b'}", true)]
    [InlineData("{'$or':['a','b']}", "{'a':'a'}", false)]
    [InlineData("{'$or':[{'prefix':'a'},{'suffix':'z'}]}", "{'$or':'xyz'}", true)]
    [InlineData("{'$or':[{'prefix':'a'},{'suffix':'z'}]}", "{'$or':'xy'}", false)]
    public void DollarOrAsFieldName(string pattern, string evt, bool expected) => MatchAssert.MatchesQ(pattern, evt, expected);

    [Fact]
    public void NameIsReportedOnceWhenSeveralBranchesMatch()
    {
        var matcher = new PatternMatcher();
        matcher.Add("r", EventPattern.Parse("""{"$or":[{"a":["1"]},{"b":["2"]}]}"""));
        Assert.Equal(["r"], matcher.Match("""{"a":"1","b":"2"}"""u8));
    }
}
