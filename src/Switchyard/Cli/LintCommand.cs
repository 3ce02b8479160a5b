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
    public const string Usage = """
        usage: switchyard lint --endpoint URL [--account ID] [--region R] [--json]
          [--access-key-id K --secret-access-key S]  (else AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)
          Lists buses whose policy lets every AWS account put events (Principal "*", no Condition) together with
          their rules whose pattern has no "account" field. Exit 0: no findings; 1: findings; 2: error.
        """;

    private static readonly HashSet<string> Values = [.. AdminClient.CredentialOptions, "endpoint", "account", "region"];
    private static readonly HashSet<string> Flags = ["json"];

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, HttpClient? http = null)
    {
        try
        {
            var options = new CliArguments(args, Values, Flags);
            var account = options.Get("account");
            var region = options.Get("region") ?? console.Environment("AWS_REGION") ?? "us-east-1";
            var client = new AdminClient(ExplainCommand.Endpoint(options), region, account, console, http,
                options.Get("access-key-id"), options.Get("secret-access-key"));
            var answer = await client.GetAsync("/_switchyard/lint", account is null ? "" : $"account={Uri.EscapeDataString(account)}");
            if (answer.Status != 200) return ExplainCommand.Failed(answer, console);
            var report = JsonSerializer.Deserialize(answer.Body, DiagnosticsJsonContext.Default.LintReport)!;
            if (options.Has("json")) console.Out.WriteLine(answer.Body);
            else Print(report, console.Out);
            return report.Findings.Count == 0 ? 0 : 1;
        }
        catch (CliUsageException error)
        {
            console.Error.WriteLine($"switchyard lint: {error.Message}");
            console.Error.WriteLine(Usage);
            return 2;
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
