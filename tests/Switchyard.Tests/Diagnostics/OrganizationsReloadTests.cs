using Switchyard.Tests.CrossAccount;
using Switchyard.Tests.Integration;
using Microsoft.Extensions.DependencyInjection;
using static Switchyard.Tests.CrossAccount.CrossAccountServer;

namespace Switchyard.Tests.Diagnostics;

/// <summary>Organizations re-read from the config file: <c>POST /_switchyard/reload</c> and a watch on the file.</summary>
public sealed class OrganizationsReloadTests : IAsyncLifetime
{
    private CrossAccountServer _server = null!;

    public async Task InitializeAsync() => _server = await CrossAccountServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Switchyard.Domain.Organizations.OrganizationDirectory Directory => _server.Harness.Services.GetRequiredService<Switchyard.Domain.Organizations.OrganizationDirectory>();

    /// <summary>Writes the file through a temporary and a rename, as editors do, so the watcher never reads half a file.</summary>
    private async Task WriteConfig(string text)
    {
        var temporary = _server.ConfigFile + ".tmp";
        await File.WriteAllTextAsync(temporary, text);
        File.Move(temporary, _server.ConfigFile, overwrite: true);
    }

    [Fact]
    public async Task Reload_applies_a_changed_membership_at_once()
    {
        await _server.OkAsync(A, "CreateEventBus", """{"Name":"shared"}""");
        await _server.OkAsync(A, "PutPermission",
            $$$"""{"EventBusName":"shared","Action":"events:PutEvents","Principal":"*","StatementId":"org","Condition":{"Type":"StringEquals","Key":"aws:PrincipalOrgID","Value":"{{{Organization}}}"}}""");
        var entry = Entry(BusArn(A, "shared"));
        Assert.Equal(1, (await _server.PutEventsAsync(C, entry)).GetProperty("FailedEntryCount").GetInt32());

        await WriteConfig(OrganizationsConfig((Organization, A, [B, C])));
        var (status, answer) = await AdminHttp.PostAsync(_server.Harness, "/_switchyard/reload");
        Assert.Equal(200, status);
        var organization = Assert.Single(answer.GetProperty("organizations").EnumerateArray());
        Assert.False(answer.TryGetProperty("configFile", out _)); // no filesystem path in the answer
        Assert.Equal([A, B, C], organization.GetProperty("accounts").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(0, (await _server.PutEventsAsync(C, entry)).GetProperty("FailedEntryCount").GetInt32());
    }

    [Fact]
    public async Task A_broken_file_keeps_the_organizations_in_force_and_says_why()
    {
        await WriteConfig("""{"organizations":[{"id":"not-an-org","managementAccount":"111111111111"}]}""");
        var (status, answer) = await AdminHttp.PostAsync(_server.Harness, "/_switchyard/reload");
        Assert.Equal(400, status);
        Assert.Contains("not an organization id: not-an-org", answer.GetProperty("error").GetString());
        Assert.DoesNotContain(Path.GetDirectoryName(_server.ConfigFile)!, answer.GetRawText());
        Assert.Equal(Organization, Directory.OrganizationOf(B));

        await WriteConfig("{ this is not json");
        Assert.Equal(400, (await AdminHttp.PostAsync(_server.Harness, "/_switchyard/reload")).Status);
        Assert.Equal(Organization, Directory.OrganizationOf(B));
        Assert.Contains(_server.Logs.Warnings, w => w.Contains("organizations not reloaded from"));
    }

    [Fact]
    public async Task A_change_to_the_file_is_applied_without_asking()
    {
        await WriteConfig(OrganizationsConfig(("o-zz99yy88xx", C, [])));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (Directory.OrganizationOf(C) is null && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal("o-zz99yy88xx", Directory.OrganizationOf(C));
        Assert.Null(Directory.OrganizationOf(B));
    }

    [Fact]
    public async Task Without_a_config_file_there_is_nothing_to_reload()
    {
        await using var plain = await ServerHarness.StartAsync();
        var (status, answer) = await AdminHttp.PostAsync(plain, "/_switchyard/reload");
        Assert.Equal(409, status);
        Assert.Contains("without a config file", answer.GetProperty("error").GetString());
    }
}
