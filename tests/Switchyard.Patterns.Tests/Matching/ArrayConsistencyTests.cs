using Switchyard.Patterns.Tests.Reference;

namespace Switchyard.Patterns.Tests.Matching;

public class ArrayConsistencyTests
{
    private const string Employees =
        "{'employees':[[{'firstName':'John','lastName':'Doe'},{'firstName':'Anna','lastName':'Smith'}],[{'firstName':'Peter','lastName':'Jones'}]]}";

    [Theory]
    [InlineData("{'employees':{'firstName':['Anna'],'lastName':['Jones']}}", Employees, false)] // different elements
    [InlineData("{'employees':{'firstName':['Anna'],'lastName':['Smith']}}", Employees, true)]
    [InlineData("{'employees':{'firstName':['Peter'],'lastName':['Jones']}}", Employees, true)]
    [InlineData("{'employees':{'firstName':['John'],'lastName':['Smith']}}", Employees, false)] // same outer, different inner
    [InlineData("{'employees':{'firstName':['John','Peter'],'lastName':['Jones']}}", Employees, true)]
    [InlineData("{'a':{'b':['1']},'c':['2']}", "{'a':[{'b':'1'},{'b':'3'}],'c':'2'}", true)] // a field outside the array is fine
    [InlineData("{'a':{'b':['1'],'c':['2']}}", "{'a':[{'b':'1','c':'9'},{'b':'9','c':'2'}]}", false)]
    [InlineData("{'a':{'b':['1'],'c':['2']}}", "{'a':[{'b':'1','c':'9'},{'b':'1','c':'2'}]}", true)]
    [InlineData("{'a':{'b':['1'],'c':{'d':['2']}}}", "{'a':[{'b':'1','c':[{'d':'2'}]}]}", true)]
    [InlineData("{'a':{'b':['1'],'c':{'d':['2']}}}", "{'a':[{'b':'1'},{'c':[{'d':'2'}]}]}", false)]
    [InlineData("{'a':{'b':['1']},'x':{'y':['2']}}", "{'a':[{'b':'1'}],'x':[{'y':'2'}]}", true)] // different arrays never conflict
    [InlineData("{'a':{'b':[{'prefix':'1'}],'c':[{'numeric':['>',1]}]}}", "{'a':[{'b':'10','c':0},{'b':'2','c':5}]}", false)]
    [InlineData("{'a':{'b':[{'anything-but':'x'}],'c':['k']}}", "{'a':[{'b':'x','c':'k'},{'b':'y','c':'q'}]}", false)]
    [InlineData("{'a':{'b':[{'exists':true}],'c':['k']}}", "{'a':[{'b':null,'c':'k'}]}", true)]
    public void ValuesMustComeFromOneElement(string pattern, string evt, bool expected) => MatchAssert.MatchesQ(pattern, evt, expected);
}
