using Switchyard.Tests.CrossAccount;
using static Switchyard.Tests.CrossAccount.CrossAccountServer;

namespace Switchyard.Tests.Diagnostics;

/// <summary><c>switchyard explain</c>: the readable report, <c>--json</c>, and exit codes 0 (matched), 1 (no match), 2 (error).</summary>
public sealed class ExplainCommandTests : IAsyncLifetime
{
    private CrossAccountServer _server = null!;
    private string _eventFile = null!;

    private const string Event = """{"source":"com.example.orders","detail-type":"OrderPlaced","detail":{"state":"placed"}}""";

    public async Task InitializeAsync()
    {
        _server = await CrossAccountServer.StartAsync();
        await _server.OkAsync(A, "PutRule", """{"Name":"placed","EventPattern":"{\"detail\":{\"state\":[\"placed\"]}}"}""");
        await _server.OkAsync(A, "PutRule", """{"Name":"shipped","EventPattern":"{\"detail\":{\"state\":[\"shipped\"]}}"}""");
        _eventFile = Path.Combine(Path.GetDirectoryName(_server.ConfigFile)!, "event.json");
        await File.WriteAllTextAsync(_eventFile, Event);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Prints_a_readable_report_and_exits_0_when_a_rule_matches()
    {
        var run = await AdminHttp.RunCliAsync(_server.Harness, "explain", ["--account", A, "--region", Region, "--bus", "default", "--event", _eventFile]);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"on bus {BusArn(A, "default")}", run.Out);
        Assert.Contains("MATCH    placed: the pattern matches", run.Out);
        Assert.Contains("no       shipped: detail.state: value \"placed\" is not one of [\"shipped\"]", run.Out);
        Assert.Contains("1 of 2 rules match", run.Out);
    }

    [Fact]
    public async Task Reads_the_event_from_stdin_and_exits_1_when_nothing_matches()
    {
        var run = await AdminHttp.RunCliAsync(_server.Harness, "explain",
            ["--account", A, "--bus", "default", "--event", "-", "--json"], stdin: Event.Replace("placed", "cancelled"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("\"matched\": false", run.Out);
        Assert.Contains("\"failedField\": \"detail.state\"", run.Out);
    }

    [Fact]
    public async Task Shows_the_refusing_statement_for_another_accounts_event()
    {
        var run = await AdminHttp.RunCliAsync(_server.Harness, "explain",
            ["--account", A, "--bus", "default", "--event", "-"], stdin: Event.Replace("{\"source\"", $"{{\"account\":\"{C}\",\"source\""));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"admission: account {C} (in no organization) events:PutEvents on {BusArn(A, "default")}: DENIED, the bus has no resource policy", run.Out);
        Assert.Contains("refused: the bus does not admit the event", run.Out);
    }

    [Fact]
    public async Task Exits_2_on_errors()
    {
        var missingBus = await AdminHttp.RunCliAsync(_server.Harness, "explain", ["--account", A, "--bus", "nope", "--event", _eventFile]);
        Assert.Equal(2, missingBus.ExitCode);
        Assert.Contains("404", missingBus.Error);
        Assert.Equal(2, (await AdminHttp.RunCliAsync(_server.Harness, "explain", ["--account", A])).ExitCode);
        Assert.Equal(2, (await AdminHttp.RunCliAsync(_server.Harness, "explain", ["--account", A, "--event", "-"], stdin: "not json")).ExitCode);
        Assert.Equal(2, (await AdminHttp.RunCliAsync(_server.Harness, "explain", ["--bogus"])).ExitCode);
    }
}
