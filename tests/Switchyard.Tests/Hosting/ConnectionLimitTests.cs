using System.Net.Sockets;
using System.Text;
using Switchyard.Hosting;
using Switchyard.Tests.Integration;
using Switchyard.Settings;

namespace Switchyard.Tests.Hosting;

/// <summary>
/// Idle and slow connections are closed by the configured timeouts, and connections beyond
/// <c>limits.maxConnections</c> are closed at once, so held-open sockets cannot pile up.
/// </summary>
public sealed class ConnectionLimitTests : IAsyncLifetime
{
    private ServerHarness _server = null!;

    public async Task InitializeAsync() => _server = await ServerHarness.StartAsync(new ServerOptions
    {
        InMemory = true,
        Limits = new ServiceLimits { KeepAliveTimeoutSeconds = 1, RequestHeadersTimeoutSeconds = 1 },
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("")]                                    // connected, nothing sent: the keep-alive timeout
    [InlineData("POST / HTTP/1.1\r\nHost: x\r\n")]      // headers never finished: the request-headers timeout
    public async Task A_connection_that_sends_no_whole_request_is_closed(string partial)
    {
        using var client = await ConnectAsync();
        if (partial.Length > 0) await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(partial));
        // Kestrel checks its timeouts once a second, so 1 s closes within about 2 s; the defaults (15 s keep-alive,
        // 10 s for headers) would not close it within 8 s, so the test fails if the settings are not applied.
        Assert.True(await ClosedWithinAsync(client, TimeSpan.FromSeconds(8)));
    }

    [Fact]
    public async Task Connections_beyond_the_limit_are_closed_and_the_server_serves_again_once_they_go()
    {
        // Default timeouts here (15 s keep-alive): a close within 5 s can only be the connection limit.
        await using var limited = await ServerHarness.StartAsync(new ServerOptions
        {
            InMemory = true,
            Limits = new ServiceLimits { MaxConnections = 3 },
        });
        var held = new List<TcpClient>();
        for (var i = 0; i < 3; i++) held.Add(await ConnectAsync(limited));
        await Task.Delay(200); // let Kestrel count them
        using (var extra = await ConnectAsync(limited))
        {
            Assert.True(await ClosedWithinAsync(extra, TimeSpan.FromSeconds(5)));
        }
        using (var within = held[0])
        {
            Assert.False(await ClosedWithinAsync(within, TimeSpan.FromSeconds(1)));
        }
        foreach (var client in held) client.Dispose();
        await Task.Delay(500);
        using var http = new HttpClient();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync(new Uri(limited.BaseAddress, "/health"))).StatusCode);
    }

    private Task<TcpClient> ConnectAsync() => ConnectAsync(_server);

    private static async Task<TcpClient> ConnectAsync(ServerHarness server)
    {
        var client = new TcpClient();
        await client.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port);
        return client;
    }

    /// <summary>True when the server closes the connection (end of stream or reset) before <paramref name="within"/>.</summary>
    private static async Task<bool> ClosedWithinAsync(TcpClient client, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        var buffer = new byte[1024];
        try
        {
            while (await client.GetStream().ReadAsync(buffer, timeout.Token) > 0)
            {
            }
            return true;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
