using Switchyard.Hosting;
using Switchyard.Tests.Integration;

namespace Switchyard.Tests.Diagnostics;

/// <summary>In strict auth mode the admin endpoints want a valid SigV4 signature and show only the signer's account.</summary>
public sealed class StrictAdminTests : IAsyncLifetime
{
    private const string Account = "444455556666";
    private const string Other = "777788889999";
    private ServerHarness _server = null!;

    private static readonly Dictionary<string, string> Keys = new()
    {
        ["AWS_ACCESS_KEY_ID"] = "AKIDSTRICTADMIN00001",
        ["AWS_SECRET_ACCESS_KEY"] = "strict/admin/secret/0000000000000000000",
    };

    public async Task InitializeAsync() => _server = await ServerHarness.StartAsync(new ServerOptions
    {
        InMemory = true,
        Auth = AuthModeSetting.Strict,
        Credentials = [new CredentialSetting(Keys["AWS_ACCESS_KEY_ID"], Keys["AWS_SECRET_ACCESS_KEY"], Account, null)],
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private const string Event = """{"source":"s","detail-type":"d","detail":{}}""";

    [Fact]
    public async Task Unsigned_calls_are_refused()
    {
        var (status, answer) = await AdminHttp.ExplainAsync(_server, $$"""{"account":"{{Account}}","event":{{Event}}}""");
        Assert.Equal(403, status);
        Assert.Contains("strict auth mode", answer.GetProperty("error").GetString());
        Assert.Equal(403, (await AdminHttp.GetAsync(_server, "/_switchyard/lint")).Status);
        Assert.Equal(403, (await AdminHttp.PostAsync(_server, "/_switchyard/reload")).Status);
    }

    [Fact]
    public async Task Signed_calls_work_for_the_signers_account_only()
    {
        var own = await AdminHttp.RunCliAsync(_server, "explain", ["--account", Account, "--event", "-"], Event, Keys);
        Assert.Equal(1, own.ExitCode); // no rules, so nothing matched; but the call went through
        Assert.Contains($"on bus arn:aws:events:us-east-1:{Account}:event-bus/default", own.Out);

        var other = await AdminHttp.RunCliAsync(_server, "explain", ["--account", Other, "--event", "-"], Event, Keys);
        Assert.Equal(2, other.ExitCode);
        Assert.Contains("403", other.Error);

        var wrongSecret = new Dictionary<string, string>(Keys) { ["AWS_SECRET_ACCESS_KEY"] = "wrong" };
        var forged = await AdminHttp.RunCliAsync(_server, "explain", ["--account", Account, "--event", "-"], Event, wrongSecret);
        Assert.Equal(2, forged.ExitCode);
        Assert.Contains("InvalidSignatureException", forged.Error);

        Assert.Equal(0, (await AdminHttp.RunCliAsync(_server, "lint", [], environment: Keys)).ExitCode);
    }
}
