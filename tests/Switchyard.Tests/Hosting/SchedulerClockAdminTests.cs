using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Cli;
using Switchyard.Scheduler.Firing;
using Switchyard.Settings;
using Switchyard.Tests.Integration;

namespace Switchyard.Tests.Hosting;

/// <summary>
/// <c>GET/POST /_switchyard/scheduler/clock</c> on a real server: 404 and no change with the test clock off; with it
/// on, forward moves by <c>now</c> or <c>advanceSeconds</c>, and every bad request a 400 that changes nothing; in
/// strict mode only an admin account's signature moves it.
/// </summary>
public sealed class SchedulerClockAdminTests
{
    private const string Path = "/_switchyard/scheduler/clock";
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task With_the_test_clock_off_the_endpoint_answers_404_and_nothing_moves()
    {
        await using var server = await ServerHarness.StartAsync();
        var (status, body) = await Post(server, """{"advanceSeconds": 86400}""");
        Assert.Equal(404, status);
        Assert.Contains("--scheduler-test-clock", Error(body));
        Assert.Equal(404, (await Get(server)).Status);
        Assert.Equal(TimeSpan.Zero, server.Services.GetRequiredService<SchedulerTime>().Offset);
    }

    [Fact]
    public async Task It_moves_forward_to_a_time_or_by_seconds()
    {
        await using var server = await ServerHarness.StartAsync(new ServerOptions { InMemory = true, SchedulerTestClock = true });
        var (status, body) = await Post(server, """{"now": "2030-03-28T00:55:00Z"}""");
        Assert.Equal(200, status);
        Assert.Equal("2030-03-28T00:55:00.000Z", Now(body));

        (status, body) = await Post(server, """{"advanceSeconds": 86400}""");
        Assert.Equal(200, status);
        var now = DateTimeOffset.Parse(Now(body), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(now, Instant("2030-03-29T00:55:00Z"), Instant("2030-03-29T00:56:00Z"));

        (status, body) = await Get(server);
        Assert.Equal(200, status);
        Assert.InRange(DateTimeOffset.Parse(Now(body), System.Globalization.CultureInfo.InvariantCulture), now, now.AddMinutes(1));
        Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("offsetSeconds").GetDouble() > 86400 * 365);
    }

    [Theory]
    [InlineData("""{"now": "2030-01-01T00:00:00Z"}""", "only moves forward")]
    [InlineData("""{"advanceSeconds": -1}""", "0 or more")]
    [InlineData("""{"advanceSeconds": 1e12}""", "days ahead of real time")]
    [InlineData("""{"now": "9999-01-01T00:00:00Z"}""", "days ahead of real time")]
    [InlineData("""{"now": "soon"}""", "ISO 8601")]
    [InlineData("""{"now": "2031-01-01T00:00:00Z", "advanceSeconds": 5}""", "exactly one")]
    [InlineData("""{}""", "exactly one")]
    [InlineData("""{"advance": 5}""", "the body must be a JSON object with now (2027-03-28T00:55:00Z) or advanceSeconds (86400) and nothing else; see $.advance")]
    [InlineData("""{"advanceSeconds": "5"}""", "see $.advanceSeconds")]
    [InlineData("""not json""", "the body must be a JSON object")]
    [InlineData("", "the body must be a JSON object")]
    public async Task A_bad_move_is_a_400_that_changes_nothing(string request, string message)
    {
        await using var server = await ServerHarness.StartAsync(new ServerOptions { InMemory = true, SchedulerTestClock = true });
        Assert.Equal(200, (await Post(server, """{"now": "2030-06-01T00:00:00Z"}""")).Status);
        var time = server.Services.GetRequiredService<SchedulerTime>();
        var offset = time.Offset;

        var (status, body) = await Post(server, request);
        Assert.Equal(400, status);
        Assert.Contains(message, Error(body));
        Assert.Equal(offset, time.Offset);
    }

    [Fact]
    public async Task In_strict_mode_only_an_admin_signature_moves_it()
    {
        const string admin = "444455556666";
        const string tenant = "777788889999";
        await using var server = await ServerHarness.StartAsync(new ServerOptions
        {
            InMemory = true,
            Auth = AuthModeSetting.Strict,
            SchedulerTestClock = true,
            Credentials =
            [
                new CredentialSetting("AKIDCLOCKADMIN000001", "clock/admin/secret/00000000000000000000", admin, null),
                new CredentialSetting("AKIDCLOCKTENANT00002", "clock/tenant/secret/0000000000000000000", tenant, null),
            ],
            Access = new AccessSettings { AdminAccounts = [admin] },
        });
        var time = server.Services.GetRequiredService<SchedulerTime>();

        Assert.Equal(401, (await Post(server, """{"advanceSeconds": 60}""")).Status);
        var refused = await Signed(server, "AKIDCLOCKTENANT00002", "clock/tenant/secret/0000000000000000000")
            .PostAsync(Path, """{"advanceSeconds": 60}""");
        Assert.Equal(403, refused.Status);
        Assert.Equal(TimeSpan.Zero, time.Offset);

        var moved = await Signed(server, "AKIDCLOCKADMIN000001", "clock/admin/secret/00000000000000000000")
            .PostAsync(Path, """{"advanceSeconds": 3600}""");
        Assert.Equal(200, moved.Status);
        Assert.InRange(time.Offset, TimeSpan.FromSeconds(3599), TimeSpan.FromSeconds(3601));
    }

    private static AdminClient Signed(ServerHarness server, string keyId, string secret)
    {
        var keys = new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = keyId, ["AWS_SECRET_ACCESS_KEY"] = secret };
        return new AdminClient(server.BaseAddress, "us-east-1", null, new CliConsole(TextReader.Null, TextWriter.Null, TextWriter.Null, keys.GetValueOrDefault));
    }

    private static async Task<(int Status, string Body)> Post(ServerHarness server, string json)
    {
        using var response = await Http.PostAsync(new Uri(server.BaseAddress, Path), new StringContent(json, Encoding.UTF8, "application/json"));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<(int Status, string Body)> Get(ServerHarness server)
    {
        using var response = await Http.GetAsync(new Uri(server.BaseAddress, Path));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Now(string body) => JsonDocument.Parse(body).RootElement.GetProperty("now").GetString()!;

    private static string Error(string body) => JsonDocument.Parse(body).RootElement.GetProperty("error").GetString()!;

    private static DateTimeOffset Instant(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
