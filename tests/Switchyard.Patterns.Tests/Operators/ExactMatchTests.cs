using Switchyard.Patterns.Tests.Reference;

namespace Switchyard.Patterns.Tests.Operators;

public class ExactMatchTests
{
    [Theory]
    [InlineData("{'source':['aws.ec2']}", "{'source':'aws.ec2'}", true)]
    [InlineData("{'source':['aws.ec2']}", "{'source':'aws.ec22'}", false)]
    [InlineData("{'source':['aws.ec2']}", "{'source':'AWS.EC2'}", false)]
    [InlineData("{'source':['aws.ec2','aws.s3']}", "{'source':'aws.s3'}", true)] // pattern array = OR
    [InlineData("{'source':['aws.ec2']}", "{'other':'aws.ec2'}", false)]
    [InlineData("{'source':['']}", "{'source':''}", true)] // empty string matches only the empty string
    [InlineData("{'source':['']}", "{'source':'x'}", false)]
    [InlineData("{'detail':{'state':['running']}}", "{'detail':{'state':'running','x':1}}", true)]
    [InlineData("{'detail':{'state':['running']}}", "{'detail':{'state':'stopped'}}", false)]
    [InlineData("{'detail':{'state':['running']}}", "{'state':'running'}", false)]
    [InlineData("{'a':{'b':{'c':['x']}}}", "{'a':{'b':{'c':'x'}}}", true)]
    [InlineData("{'key':['va\\\\u0041lue']}", "{'key':'va\\\\u0041lue'}", true)] // escapes are decoded on both sides
    [InlineData("{'key':['vaAlue']}", "{'key':'va\\u0041lue'}", true)]
    [InlineData("{'key':['é']}", "{'key':'\\u00e9'}", true)]
    [InlineData("{'key':['😀']}", "{'key':'\\ud83d\\ude00'}", true)]
    public void Strings(string pattern, string evt, bool expected) => MatchAssert.MatchesQ(pattern, evt, expected);

    [Theory]
    [InlineData("{'n':[300]}", "{'n':300}", true)]
    [InlineData("{'n':[300]}", "{'n':3.0e2}", true)] // numerically equal
    [InlineData("{'n':[300]}", "{'n':300.0}", true)]
    [InlineData("{'n':[3.0e2]}", "{'n':300}", true)]
    [InlineData("{'n':[300]}", "{'n':'300'}", false)] // a string is not a number
    [InlineData("{'n':['300']}", "{'n':300}", false)]
    [InlineData("{'n':[0]}", "{'n':-0}", true)]
    [InlineData("{'n':[-1.5]}", "{'n':-1.50}", true)]
    [InlineData("{'n':[1e400]}", "{'n':1e400}", true)] // beyond double: literal text still matches
    [InlineData("{'n':[1e400]}", "{'n':2e400}", false)]
    [InlineData("{'n':[123456789012]}", "{'n':123456789012}", true)] // account-id sized
    [InlineData("{'n':[5]}", "{'n':[1,5,9]}", true)] // event array = any element
    [InlineData("{'n':[5]}", "{'n':[1,9]}", false)]
    public void Numbers(string pattern, string evt, bool expected) => MatchAssert.MatchesQ(pattern, evt, expected);

    [Theory]
    [InlineData("{'b':[true]}", "{'b':true}", true)]
    [InlineData("{'b':[true]}", "{'b':'true'}", false)]
    [InlineData("{'b':['true']}", "{'b':true}", false)]
    [InlineData("{'b':[false]}", "{'b':false}", true)]
    [InlineData("{'b':[false]}", "{'b':true}", false)]
    [InlineData("{'b':[null]}", "{'b':null}", true)]
    [InlineData("{'b':[null]}", "{'c':1}", false)] // a missing field is not null
    [InlineData("{'b':[null]}", "{'b':'null'}", false)]
    [InlineData("{'b':['null']}", "{'b':null}", false)]
    [InlineData("{'b':[null, 'x']}", "{'b':'x'}", true)]
    public void Literals(string pattern, string evt, bool expected) => MatchAssert.MatchesQ(pattern, evt, expected);

    [Theory]
    [InlineData("{'r':['a']}", "{'r':['b','a','c']}", true)]
    [InlineData("{'r':['a','z']}", "{'r':['b','c']}", false)]
    [InlineData("{'r':['a']}", "{'r':[]}", false)]
    [InlineData("{'r':['a']}", "{'r':[['x'],['a']]}", true)] // nested arrays flatten
    [InlineData("{'r':{'k':['v']}}", "{'r':[{'k':'w'},{'k':'v'}]}", true)] // arrays of objects leave no trace in the path
    [InlineData("{'r':{'k':['v']}}", "{'r':{'k':{'v':1}}}", false)] // an object is not a value
    [InlineData("{'a':['x'],'b':['y']}", "{'a':'x','b':'y'}", true)] // fields are AND-ed
    [InlineData("{'a':['x'],'b':['y']}", "{'a':'x','b':'z'}", false)]
    [InlineData("{'a':['x'],'b':['y']}", "{'a':'x'}", false)]
    public void ArraysAndObjects(string pattern, string evt, bool expected) => MatchAssert.MatchesQ(pattern, evt, expected);

    [Theory]
    [InlineData("{'a.b':['x']}", "{'a':{'b':'x'}}", true)] // AWS joins path segments with '.'
    [InlineData("{'a':{'b':['x']}}", "{'a.b':'x'}", true)]
    [InlineData("{'a.b':['x']}", "{'a.b':'x'}", true)]
    [InlineData("{'a':{'b':['x']}}", "{'a':{'c':'x'}}", false)]
    [InlineData("{'Key':['x']}", "{'key':'x'}", false)] // keys are case-sensitive
    public void KeyJoining(string pattern, string evt, bool expected) => MatchAssert.MatchesQ(pattern, evt, expected);
}
