using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Diagnostics;
using Switchyard.Diagnostics.Explain;

namespace Switchyard.Cli;

/// <summary>
/// <c>switchyard explain --endpoint URL --account ID --region R --bus NAME|ARN --event FILE|-</c> (or
/// <c>--event-id ID</c>): asks the server's <c>POST /_switchyard/explain</c> and prints a readable report
/// (<c>--json</c>: the raw answer). Exit code 0 when a rule matched, 1 when none did, 2 on an error.
/// </summary>
public static class ExplainCommand
{
    public const string Usage = """
        usage: switchyard explain --endpoint URL --account ID [--region R] [--bus NAME|ARN] (--event FILE|- | --event-id ID) [--json]
          [--access-key-id K --secret-access-key S]  (else AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)
          Says which rules of the bus match the event and why the others do not, and for events crossing
          accounts which bus-policy statement allowed or denied them. Exit 0: a rule matched; 1: none; 2: error.
        """;

    private static readonly HashSet<string> Values = [.. AdminClient.CredentialOptions, "endpoint", "account", "region", "bus", "event", "event-id"];
    private static readonly HashSet<string> Flags = ["json"];

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, HttpClient? http = null)
    {
        try
        {
            var options = new CliArguments(args, Values, Flags);
            var region = options.Get("region") ?? console.Environment("AWS_REGION") ?? console.Environment("AWS_DEFAULT_REGION") ?? "us-east-1";
            var account = options.Get("account");
            var request = new JsonObject
            {
                ["account"] = account,
                ["region"] = region,
                ["eventBusName"] = options.Get("bus"),
            };
            if (options.Get("event-id") is { } eventId) request["eventId"] = eventId;
            else request["event"] = ReadEvent(options.Get("event") ?? throw new CliUsageException("give --event FILE|- or --event-id ID"), console);

            var client = new AdminClient(Endpoint(options), region, account, console, http,
                options.Get("access-key-id"), options.Get("secret-access-key"));
            var answer = await client.PostAsync("/_switchyard/explain", request.ToJsonString(DiagnosticsJsonContext.Default.Options));
            if (answer.Status != 200) return Failed(answer, console);
            var report = JsonSerializer.Deserialize(answer.Body, DiagnosticsJsonContext.Default.ExplainReport)!;
            if (options.Has("json")) console.Out.WriteLine(answer.Body);
            else ExplainReportPrinter.Print(report, console.Out);
            return report.Matched ? 0 : 1;
        }
        catch (CliUsageException error)
        {
            console.Error.WriteLine($"switchyard explain: {error.Message}");
            console.Error.WriteLine(Usage);
            return 2;
        }
        catch (Exception error) when (error is HttpRequestException or IOException or JsonException or TaskCanceledException)
        {
            console.Error.WriteLine($"switchyard explain: {error.Message}");
            return 2;
        }
    }

    internal static Uri Endpoint(CliArguments options)
    {
        var text = options.Get("endpoint") ?? "http://127.0.0.1:4010";
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new CliUsageException($"--endpoint must be an http(s) URL: {text}");
    }

    internal static int Failed(AdminClient.Answer answer, CliConsole console)
    {
        string message;
        try
        {
            message = JsonSerializer.Deserialize(answer.Body, DiagnosticsJsonContext.Default.AdminError)?.Error ?? answer.Body;
        }
        catch (JsonException)
        {
            message = answer.Body;
        }
        console.Error.WriteLine($"switchyard: the server answered {answer.Status}: {message}");
        return 2;
    }

    private static JsonNode ReadEvent(string source, CliConsole console)
    {
        var text = source == "-" ? console.In.ReadToEnd() : File.ReadAllText(source);
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new CliUsageException("the event must be a JSON object");
        }
        catch (JsonException error)
        {
            throw new CliUsageException($"the event is not valid JSON: {error.Message}");
        }
    }
}
