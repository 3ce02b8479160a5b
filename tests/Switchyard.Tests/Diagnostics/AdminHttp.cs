using System.Text;
using System.Text.Json;
using Switchyard.Cli;
using Switchyard.Tests.Integration;

namespace Switchyard.Tests.Diagnostics;

/// <summary>Unsigned calls to the admin endpoints, and the CLI commands run in-process with captured output.</summary>
public static class AdminHttp
{
    private static readonly HttpClient Http = new();

    public static async Task<(int Status, JsonElement Json)> ExplainAsync(ServerHarness server, string body)
    {
        using var response = await server.PostRawAsync("/_switchyard/explain", new StringContent(body, Encoding.UTF8, "application/json"));
        return ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    public static async Task<(int Status, JsonElement Json)> GetAsync(ServerHarness server, string pathAndQuery)
    {
        using var response = await Http.GetAsync(new Uri(server.BaseAddress, pathAndQuery));
        return ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    public static async Task<(int Status, JsonElement Json)> PostAsync(ServerHarness server, string path)
    {
        using var response = await server.PostRawAsync(path, new StringContent(""));
        return ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    public sealed record CliRun(int ExitCode, string Out, string Error);

    /// <summary>Runs <c>switchyard explain</c> or <c>lint</c> against the server, with the given environment variables.</summary>
    public static async Task<CliRun> RunCliAsync(ServerHarness server, string command, IReadOnlyList<string> args,
        string stdin = "", IReadOnlyDictionary<string, string>? environment = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = new CliConsole(new StringReader(stdin), output, error, name => environment?.GetValueOrDefault(name));
        string[] all = ["--endpoint", server.BaseAddress.ToString().TrimEnd('/'), .. args];
        var code = command switch
        {
            "explain" => await ExplainCommand.RunAsync(all, console),
            "lint" => await LintCommand.RunAsync(all, console),
            _ => throw new ArgumentException(command),
        };
        return new CliRun(code, output.ToString(), error.ToString());
    }
}
