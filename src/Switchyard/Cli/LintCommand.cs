using System.CommandLine;
using System.Text.Json;
using Switchyard.Diagnostics;
using Switchyard.Diagnostics.Advisor;

namespace Switchyard.Cli;

/// <summary>
/// <c>switchyard lint --endpoint URL [--account ID] [--json]</c>: the advisor's findings from
/// <c>GET /_switchyard/lint</c>. Exit code 0 without findings, 1 with findings, 2 on an error.
/// </summary>
public static class LintCommand
{
    public const string Description = """
        List buses whose policy lets every AWS account put events (Principal "*", no Condition) together with their
        rules whose pattern has no "account" field. Exit 0: no findings; 1: findings; 2: error.
        """;

    private static readonly Option<string> EndpointOption = new("--endpoint") { Description = "the server's URL (default http://127.0.0.1:4010)", HelpName = "URL" };
    private static readonly Option<string> AccountOption = new("--account") { Description = "only this account's buses (12 digits)", HelpName = "ID" };
    private static readonly Option<string> RegionOption = new("--region") { Description = "the region that signs the request (default $AWS_REGION or us-east-1)", HelpName = "R" };
    private static readonly Option<bool> JsonOption = new("--json") { Description = "print the server's answer as JSON" };

    public static Command Create(CliConsole console, HttpClient? http = null)
    {
        var command = new Command("lint", Description) { EndpointOption, AccountOption, RegionOption, JsonOption, AdminClient.AccessKeyIdOption, AdminClient.SecretAccessKeyOption };
        command.SetAction((parse, _) => RunAsync(parse, console, http));
        return command;
    }

    /// <summary>Runs <c>switchyard lint</c> with <paramref name="args"/> (the arguments after "lint").</summary>
    public static Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, HttpClient? http = null) =>
        SwitchyardCommandLine.InvokeAsync(Create(console, http), args, console);

    private static async Task<int> RunAsync(ParseResult options, CliConsole console, HttpClient? http)
    {
        try
        {
            var account = options.GetValue(AccountOption);
            var region = options.GetValue(RegionOption) ?? console.Environment("AWS_REGION") ?? "us-east-1";
            var client = AdminClient.From(options, ExplainCommand.Endpoint(options.GetValue(EndpointOption)), region, account, console, http);
            var answer = await client.GetAsync("/_switchyard/lint", account is null ? "" : $"account={Uri.EscapeDataString(account)}");
            if (answer.Status != 200) return ExplainCommand.Failed(answer, console);
            var report = JsonSerializer.Deserialize(answer.Body, DiagnosticsJsonContext.Default.LintReport)!;
            if (options.GetValue(JsonOption)) console.Out.WriteLine(answer.Body);
            else Print(report, console.Out);
            return report.Findings.Count == 0 ? 0 : 1;
        }
        catch (CliUsageException error)
        {
            console.Error.WriteLine($"switchyard lint: {error.Message} (see 'switchyard lint --help')");
            return SwitchyardCommandLine.UsageError;
        }
        catch (Exception error) when (error is HttpRequestException or IOException or JsonException or TaskCanceledException)
        {
            console.Error.WriteLine($"switchyard lint: {error.Message}");
            return 2;
        }
    }

    private static void Print(LintReport report, TextWriter output)
    {
        if (report.Findings.Count == 0)
        {
            output.WriteLine("no findings");
            return;
        }
        foreach (var finding in report.Findings)
        {
            var grants = string.Join(", ", finding.OpenGrants.Select(g => g.Sid is null ? $"#{g.Index}" : $"'{g.Sid}'"));
            output.WriteLine($"warning: {finding.EventBusArn} lets every AWS account put events, with no condition (statement {grants})");
            output.WriteLine("  rules with no \"account\" field in their pattern (they match events from any account):");
            foreach (var rule in finding.Rules) output.WriteLine($"    {rule.Name} ({rule.State}) {rule.Arn}");
            output.WriteLine($"  advice: {finding.Advice}");
        }
        output.WriteLine($"{report.Findings.Count} finding{(report.Findings.Count == 1 ? "" : "s")}");
    }
}
