using Switchyard.Patterns.Tests.Reference;

namespace Switchyard.Patterns.Tests.Operators;

public class CidrTests
{
    [Theory]
    [InlineData("{'ip':[{'cidr':'10.0.0.0/24'}]}", "{'ip':'10.0.0.255'}", true)]
    [InlineData("{'ip':[{'cidr':'10.0.0.0/24'}]}", "{'ip':'10.0.1.0'}", false)]
    [InlineData("{'ip':[{'cidr':'10.0.0.5/24'}]}", "{'ip':'10.0.0.9'}", true)] // host bits of the pattern are masked
    [InlineData("{'ip':[{'cidr':'10.0.0.0/24'}]}", "{'ip':'010.000.000.001'}", true)] // leading zeros are decimal
    [InlineData("{'ip':[{'cidr':'10.0.0.0/8'}]}", "{'ip':'10.255.3.4'}", true)]
    [InlineData("{'ip':[{'cidr':'0.0.0.0/0'}]}", "{'ip':'1.2.3.4'}", true)]
    [InlineData("{'ip':[{'cidr':'1.2.3.4/32'}]}", "{'ip':'1.2.3.4'}", true)]
    [InlineData("{'ip':[{'cidr':'1.2.3.4/32'}]}", "{'ip':'1.2.3.5'}", false)]
    [InlineData("{'ip':[{'cidr':'10.0.0.0/24'}]}", "{'ip':'not-an-ip'}", false)]
    [InlineData("{'ip':[{'cidr':'10.0.0.0/24'}]}", "{'ip':'10.0.0'}", false)]
    [InlineData("{'ip':[{'cidr':'10.0.0.0/24'}]}", "{'ip':'10.0.0.256'}", false)]
    [InlineData("{'ip':[{'cidr':'10.0.0.0/24'}]}", "{'ip':167772161}", false)]
    [InlineData("{'ip':[{'cidr':'2001:db8::/32'}]}", "{'ip':'2001:DB8::1'}", true)] // IPv6 letters are case-insensitive
    [InlineData("{'ip':[{'cidr':'2001:db8::/32'}]}", "{'ip':'2001:db9::1'}", false)]
    [InlineData("{'ip':[{'cidr':'2001:db8:1234:1a00::/64'}]}", "{'ip':'2001:db8:1234:1a00:0:0:0:ff'}", true)]
    [InlineData("{'ip':[{'cidr':'::/0'}]}", "{'ip':'::1'}", true)]
    [InlineData("{'ip':[{'cidr':'::/0'}]}", "{'ip':'1.2.3.4'}", false)] // families do not mix
    [InlineData("{'ip':[{'cidr':'0.0.0.0/0'}]}", "{'ip':'::1'}", false)]
    [InlineData("{'ip':[{'cidr':'::ffff:0:0/96'}]}", "{'ip':'::ffff:1.2.3.4'}", true)]
    public void Blocks(string pattern, string evt, bool expected) => MatchAssert.MatchesQ(pattern, evt, expected);
}
