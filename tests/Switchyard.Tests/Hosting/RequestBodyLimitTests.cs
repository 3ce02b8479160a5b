using System.Net.Sockets;
using System.Text;
using Switchyard.Hosting;
using Switchyard.Tests.Integration;
using Switchyard.Settings;

namespace Switchyard.Tests.Hosting;

/// <summary>
/// A body over <c>limits.maxRequestBodyBytes</c> is refused with 413 before it is read (AWS's answer: status 413,
/// no body, connection closed), whatever Content-Length it declares; bodies under it are served as before.
/// </summary>
public sealed class RequestBodyLimitTests : IAsyncLifetime
{
    private const int Limit = 8 * 1024;
    private ServerHarness _server = null!;

    public async Task InitializeAsync() => _server = await ServerHarness.StartAsync(new ServerOptions
    {
        InMemory = true,
        Limits = new ServiceLimits { MaxRequestBodySize = Limit },
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(Limit + 1L)]
    [InlineData(28L * 1024 * 1024)]
    [InlineData(int.MaxValue)]           // was an empty 500: a byte[] of that size cannot be made
    [InlineData((long)int.MaxValue + 1)]
    [InlineData(long.MaxValue)]
    public async Task A_declared_length_over_the_limit_gets_413_without_the_body_being_sent(long declared)
    {
        foreach (var path in new[] { "/", "/_switchyard/explain", "/_switchyard/reset" })
        {
            var (status, headers, body) = await RawAsync("POST", path,
                $"Content-Length: {declared}\r\nContent-Type: application/x-amz-json-1.1\r\n", "{\"Na"u8.ToArray());
            Assert.Equal(413, status);
            Assert.Contains("connection: close", headers, StringComparison.OrdinalIgnoreCase);
            Assert.Empty(body);
        }
    }

    [Fact]
    public async Task A_chunked_body_is_refused_once_it_passes_the_limit()
    {
        var chunk = new string(' ', 4096);
        var chunked = new StringBuilder();
        for (var i = 0; i < 4; i++) chunked.Append($"{chunk.Length:x}\r\n{chunk}\r\n");
        chunked.Append("0\r\n\r\n");

        var (status, _, _) = await RawAsync("POST", "/", "Transfer-Encoding: chunked\r\nContent-Type: application/x-amz-json-1.1\r\n",
            Encoding.ASCII.GetBytes(chunked.ToString()));

        Assert.Equal(413, status);
    }

    [Fact]
    public async Task A_body_just_under_the_limit_is_served()
    {
        var padded = "{}" + new string(' ', Limit - 2);
        var answer = await _server.CallAsync("ListEventBuses", padded);
        Assert.Equal(200, answer.Status);

        var over = await _server.CallAsync("ListEventBuses", padded + " ");
        Assert.Equal(413, over.Status);
        Assert.Equal("", over.Body);
    }

    [Fact]
    public async Task The_server_still_answers_after_refusals()
    {
        for (var i = 0; i < 20; i++)
            Assert.Equal(413, (await RawAsync("POST", "/", $"Content-Length: {int.MaxValue}\r\n", [])).Status);
        Assert.Equal(200, (await RawAsync("GET", "/health", "", [])).Status);
    }

    [Fact]
    public void The_default_limit_leaves_room_for_the_largest_valid_put_events_request()
    {
        var limits = new ServiceLimits();
        Assert.Equal(2L * 1_048_576 + 65_536, limits.MaxRequestBodyBytes);
        Assert.Equal(4L * 1_048_576 + 65_536, (limits with { PutEventsRequestSize = 2 * 1_048_576 }).MaxRequestBodyBytes);
        Assert.Equal(123L, (limits with { MaxRequestBodySize = 123 }).MaxRequestBodyBytes);
    }

    /// <summary>Sends a request by hand (so the declared length can be a lie) and reads the answer until the server closes the connection.</summary>
    private async Task<(int Status, string Headers, byte[] Body)> RawAsync(string method, string path, string headers, byte[] body)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(_server.BaseAddress.Host, _server.BaseAddress.Port);
        var stream = client.GetStream();
        var head = Encoding.ASCII.GetBytes($"{method} {path} HTTP/1.1\r\nHost: {_server.BaseAddress.Authority}\r\nConnection: close\r\n{headers}\r\n");
        await stream.WriteAsync(head);
        try
        {
            await stream.WriteAsync(body);
        }
        catch (IOException)
        {
            // The server may answer and close before it reads what was sent; the answer is still there to read.
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = new MemoryStream();
        var buffer = new byte[4096];
        while (true)
        {
            int n;
            try
            {
                n = await stream.ReadAsync(buffer, timeout.Token);
            }
            catch (IOException)
            {
                break;
            }
            if (n == 0) break;
            received.Write(buffer, 0, n);
        }
        var bytes = received.ToArray();
        var headerEnd = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        Assert.True(headerEnd > 0, $"incomplete answer: {Encoding.ASCII.GetString(bytes)}");
        var text = Encoding.ASCII.GetString(bytes, 0, headerEnd);
        var status = int.Parse(text.Split(' ', 3)[1]);
        return (status, text, bytes[(headerEnd + 4)..]);
    }
}
