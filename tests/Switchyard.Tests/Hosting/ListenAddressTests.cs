using System.Net;
using Switchyard.Hosting;
using Switchyard.Tests.CrossAccount;
using Switchyard.Settings;

namespace Switchyard.Tests.Hosting;

public sealed class ListenAddressTests
{
    [Theory]
    [InlineData("127.0.0.1", "http://127.0.0.1:4010", false)]
    [InlineData("::1", "http://[::1]:4010", false)]
    [InlineData("localhost", "http://localhost:4010", false)]
    [InlineData("0.0.0.0", "http://0.0.0.0:4010", true)]
    [InlineData("::", "http://[::]:4010", true)]
    [InlineData("*", "http://0.0.0.0:4010", true)]
    public void Addresses_are_listened_on_as_given(string host, string url, bool beyondLoopback)
    {
        var options = new ServerOptions { Host = host };
        Assert.Equal(url, ListenAddress.Url(options));
        Assert.Equal(beyondLoopback, ListenAddress.BeyondLoopback(host));
    }

    [Theory]
    [InlineData("127.0.0.1x")]
    [InlineData("no-such-host.invalid")]
    [InlineData("http://127.0.0.1")]
    [InlineData("")]
    [InlineData("two words")]
    public void A_host_that_neither_parses_nor_resolves_is_refused(string host)
    {
        var error = Assert.Throws<OptionsException>(() => ListenAddress.Resolve(host));
        Assert.Contains($"--host '{host}'", error.Message);
    }

    [Fact]
    public void A_resolved_name_is_listened_on_by_its_address_not_on_every_interface()
    {
        var url = ListenAddress.Url(new ServerOptions { Host = Dns.GetHostName() });
        Assert.DoesNotContain(Dns.GetHostName(), url, StringComparison.OrdinalIgnoreCase);
        Assert.True(IPAddress.TryParse(new Uri(url).Host.Trim('[', ']'), out _), url);
    }

    [Fact]
    public void Open_mode_beyond_loopback_warns_once_and_loopback_or_strict_mode_does_not()
    {
        string[] Warnings(ServerOptions options)
        {
            using var logs = new CapturedLogs();
            ServerLogging.WarnIfOpenToNetwork(logs.CreateLogger("Switchyard"), options);
            return [.. logs.Warnings];
        }

        var warning = Assert.Single(Warnings(new ServerOptions { Host = "0.0.0.0", Port = 4999 }));
        Assert.Contains("anyone who can reach port 4999 can act as any account", warning);
        Assert.Empty(Warnings(new ServerOptions { Host = "127.0.0.1" }));
        Assert.Empty(Warnings(new ServerOptions { Host = "0.0.0.0", Auth = AuthModeSetting.Strict }));
    }
}
