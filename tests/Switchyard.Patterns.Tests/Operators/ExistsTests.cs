using Switchyard.Patterns.Tests.Reference;

namespace Switchyard.Patterns.Tests.Operators;

public class ExistsTests
{
    [Theory]
    [InlineData("{'a':[{'exists':true}]}", "{'a':'x'}", true)]
    [InlineData("{'a':[{'exists':true}]}", "{'a':null}", true)] // null is a present leaf
    [InlineData("{'a':[{'exists':true}]}", "{'a':0}", true)]
    [InlineData("{'a':[{'exists':true}]}", "{'b':'x'}", false)]
    [InlineData("{'a':[{'exists':true}]}", "{'a':{'b':1}}", false)] // leaf-only: an object is not a leaf
    [InlineData("{'a':[{'exists':true}]}", "{'a':[]}", false)] // an empty array has no leaf
    [InlineData("{'a':[{'exists':true}]}", "{'a':[1]}", true)]
    [InlineData("{'a':[{'exists':true}]}", "{'a':[{'b':1}]}", false)]
    [InlineData("{'a':[{'exists':false}]}", "{'b':'x'}", true)]
    [InlineData("{'a':[{'exists':false}]}", "{'a':'x'}", false)]
    [InlineData("{'a':[{'exists':false}]}", "{'a':null}", false)]
    [InlineData("{'a':[{'exists':false}]}", "{'a':{'b':1}}", true)] // the leaf-only rule, seen from the other side
    [InlineData("{'a':[{'exists':false}]}", "{'a':[]}", true)]
    [InlineData("{'a':[{'exists':false}]}", "{'a':[{'b':1}]}", true)]
    [InlineData("{'a':[{'exists':false}]}", "{}", true)]
    [InlineData("{'d':{'c':[{'exists':false}]}}", "{'d':{'x':1}}", true)]
    [InlineData("{'d':{'c':[{'exists':false}]}}", "{'d':{'c':1}}", false)]
    [InlineData("{'s':['x'],'a':[{'exists':false}]}", "{'s':'x'}", true)]
    [InlineData("{'s':['x'],'a':[{'exists':false}]}", "{'s':'x','a':1}", false)]
    [InlineData("{'s':['x'],'a':[{'exists':false}]}", "{'s':'y'}", false)]
    [InlineData("{'a':[{'exists':true}],'b':[{'exists':false}]}", "{'a':1}", true)]
    public void Exists(string pattern, string evt, bool expected) => MatchAssert.MatchesQ(pattern, evt, expected);

    [Theory]
    // exists:false is array-consistent: it asks for no value in the same array element as the values that matched.
    [InlineData("{'r':{'k':['v'],'m':[{'exists':false}]}}", "{'r':[{'k':'v','m':1},{'k':'v'}]}", true)]
    [InlineData("{'r':{'k':['v'],'m':[{'exists':false}]}}", "{'r':[{'k':'v','m':1},{'k':'w'}]}", false)]
    [InlineData("{'r':{'k':['v'],'m':[{'exists':false}]}}", "{'r':[{'k':'v'}],'x':1}", true)]
    [InlineData("{'r':{'k':['v']},'m':[{'exists':false}]}", "{'r':[{'k':'v'}],'m':[1]}", false)]
    public void ExistsFalseInsideArrays(string pattern, string evt, bool expected) => MatchAssert.MatchesQ(pattern, evt, expected);
}
