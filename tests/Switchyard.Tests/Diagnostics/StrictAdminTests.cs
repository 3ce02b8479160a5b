using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Switchyard.Cli;
using Switchyard.Hosting;
using Switchyard.Tests.Integration;
using Switchyard.Settings;

namespace Switchyard.Tests.Diagnostics;

/// <summary>
/// In strict auth mode the admin endpoints (<c>/_switchyard/*</c>) want a SigV4 signature from an account named in
/// <c>adminAccounts</c>, and <c>/metrics</c> that or the configured bearer token; <c>/health</c> stays open.
/// </summary>
public sealed class StrictAdminTests : IAsyncLifetime
{
    private const string Admin = "444455556666";
    private const string Tenant = "777788889999";
    private const string Token = "metrics-token-0123456789";
    private ServerHarness _server = null!;

    private static readonly Dictionary<string, string> AdminKeys = new()
    {
        ["AWS_ACCESS_KEY_ID"] = "AKIDSTRICTADMIN00001",
        ["AWS_SECRET_ACCESS_KEY"] = "strict/admin/secret/0000000000000000000",
    };

    private static readonly Dictionary<string, string> TenantKeys = new()
    {
        ["AWS_ACCESS_KEY_ID"] = "AKIDSTRICTTENANT0002",
        ["AWS_SECRET_ACCESS_KEY"] = "strict/tenant/secret/000000000000000000",
    };

    public async Task InitializeAsync() => _server = await ServerHarness.StartAsync(new ServerOptions
    {
        InMemory = true,
        Auth = AuthModeSetting.Strict,
        EnableReset = true,
        Credentials =
        [
            new CredentialSetting(AdminKeys["AWS_ACCESS_KEY_ID"], AdminKeys["AWS_SECRET_ACCESS_KEY"], Admin, null),
            new CredentialSetting(TenantKeys["AWS_ACCESS_KEY_ID"], TenantKeys["AWS_SECRET_ACCESS_KEY"], Tenant, null),
        ],
        Access = new AccessSettings { AdminAccounts = [Admin], MetricsBearerToken = Token },
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private const string Event = """{"source":"s","detail-type":"d","detail":{}}""";

    [Fact]
    public async Task Unsigned_calls_are_refused_with_401_and_an_aws_error()
    {
        var (status, answer) = await AdminHttp.ExplainAsync(_server, $$"""{"account":"{{Admin}}","event":{{Event}}}""");
        Assert.Equal(401, status);
        Assert.Equal("MissingAuthenticationTokenException", answer.GetProperty("__type").GetString());
        Assert.Equal(401, (await AdminHttp.GetAsync(_server, "/_switchyard/lint")).Status);
        Assert.Equal(401, (await AdminHttp.PostAsync(_server, "/_switchyard/reload")).Status);
        Assert.Equal(401, (await AdminHttp.PostAsync(_server, "/_switchyard/reset")).Status);
        Assert.Equal(401, (await Get("/metrics")).Status);
        Assert.Equal(200, (await Get("/health")).Status);
    }

    [Fact]
    public async Task A_tenant_that_is_not_an_admin_is_refused_even_for_its_own_account()
    {
        await _server.CallAsync("CreateEventBus", """{"Name":"kept"}""", TenantKeys["AWS_ACCESS_KEY_ID"], TenantKeys["AWS_SECRET_ACCESS_KEY"]);

        var explain = await AdminHttp.RunCliAsync(_server, "explain", ["--account", Tenant, "--event", "-"], Event, TenantKeys);
        Assert.Equal(2, explain.ExitCode);
        Assert.Contains("403", explain.Error);
        Assert.Contains("AccessDeniedException", explain.Error);

        var reset = await Client(TenantKeys).PostAsync("/_switchyard/reset", "");
        Assert.Equal(403, reset.Status);
        Assert.Equal("AccessDeniedException", JsonDocument.Parse(reset.Body).RootElement.GetProperty("__type").GetString());
        Assert.Equal(200, (await _server.CallAsync("DescribeEventBus", """{"Name":"kept"}""",
            TenantKeys["AWS_ACCESS_KEY_ID"], TenantKeys["AWS_SECRET_ACCESS_KEY"])).Status);

        Assert.Equal(403, (await Client(TenantKeys).GetAsync("/metrics")).Status);
    }

    [Fact]
    public async Task An_admin_may_explain_and_lint_any_account_and_read_metrics()
    {
        var own = await AdminHttp.RunCliAsync(_server, "explain", ["--account", Tenant, "--event", "-"], Event, AdminKeys);
        Assert.Equal(1, own.ExitCode); // no rules, so nothing matched; but the call went through
        Assert.Contains($"on bus arn:aws:events:us-east-1:{Tenant}:event-bus/default", own.Out);
        Assert.Equal(0, (await AdminHttp.RunCliAsync(_server, "lint", [], environment: AdminKeys)).ExitCode);

        var metrics = await Client(AdminKeys).GetAsync("/metrics");
        Assert.Equal(200, metrics.Status);
        Assert.Contains("# TYPE", metrics.Body);
    }

    [Fact]
    public async Task Credentials_from_the_cli_flags_sign_like_the_environment_does()
    {
        var run = await AdminHttp.RunCliAsync(_server, "lint",
            ["--access-key-id", AdminKeys["AWS_ACCESS_KEY_ID"], "--secret-access-key", AdminKeys["AWS_SECRET_ACCESS_KEY"]]);
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task A_forged_signature_is_refused_with_the_sigv4_error()
    {
        var wrongSecret = new Dictionary<string, string>(AdminKeys) { ["AWS_SECRET_ACCESS_KEY"] = "wrong" };
        var forged = await AdminHttp.RunCliAsync(_server, "explain", ["--account", Admin, "--event", "-"], Event, wrongSecret);
        Assert.Equal(2, forged.ExitCode);
        Assert.Contains("InvalidSignatureException", forged.Error);
    }

    [Fact]
    public async Task An_admin_reset_clears_state()
    {
        await _server.CallAsync("CreateEventBus", """{"Name":"gone"}""", TenantKeys["AWS_ACCESS_KEY_ID"], TenantKeys["AWS_SECRET_ACCESS_KEY"]);
        Assert.Equal(200, (await Client(AdminKeys).PostAsync("/_switchyard/reset", "")).Status);
        Assert.Equal(400, (await _server.CallAsync("DescribeEventBus", """{"Name":"gone"}""",
            TenantKeys["AWS_ACCESS_KEY_ID"], TenantKeys["AWS_SECRET_ACCESS_KEY"])).Status);
    }

    [Fact]
    public async Task Metrics_take_the_configured_bearer_token_and_refuse_another()
    {
        Assert.Equal(200, (await Get("/metrics", Token)).Status);
        var wrong = await Get("/metrics", Token + "x");
        Assert.Equal(403, wrong.Status);
        Assert.Contains("AccessDeniedException", wrong.Body);
    }

    [Fact]
    public async Task Reload_answers_without_filesystem_paths()
    {
        var answer = await Client(AdminKeys).PostAsync("/_switchyard/reload", "");
        Assert.Equal(409, answer.Status); // started without a config file: nothing to reload
        Assert.DoesNotContain("/tmp", answer.Body);
    }

    private AdminClient Client(IReadOnlyDictionary<string, string> keys) =>
        new(_server.BaseAddress, "us-east-1", null, new CliConsole(TextReader.Null, TextWriter.Null, TextWriter.Null, keys.GetValueOrDefault));

    private async Task<(int Status, string Body)> Get(string path, string? bearer = null)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_server.BaseAddress, path));
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
