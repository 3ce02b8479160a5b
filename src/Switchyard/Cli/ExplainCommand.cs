using System.CommandLine;
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
    public const string Description = """
        Say which rules of the bus match the event and why the others do not, and for events crossing accounts which
        bus-policy statement allowed or denied them. Exit 0: a rule matched; 1: none; 2: error.
        """;

    private static readonly Option<string> EndpointOption = new("--endpoint") { Description = "the server's URL (default http://127.0.0.1:4010)", HelpName = "URL" };
    private static readonly Option<string> AccountOption = new("--account") { Description = "the account asking (12 digits)", HelpName = "ID" };
    private static readonly Option<string> RegionOption = new("--region") { Description = "the region (default $AWS_REGION, $AWS_DEFAULT_REGION or us-east-1)", HelpName = "R" };
    private static readonly Option<string> BusOption = new("--bus") { Description = "the event bus, by name or ARN (default: default)", HelpName = "NAME|ARN" };
    private static readonly Option<string> EventOption = new("--event") { Description = "the event as a JSON file, or - for standard input", HelpName = "FILE|-" };
    private static readonly Option<string> EventIdOption = new("--event-id") { Description = "an event the server accepted recently, by id", HelpName = "ID" };
    private static readonly Option<bool> JsonOption = new("--json") { Description = "print the server's answer as JSON" };

    public static Command Create(CliConsole console, HttpClient? http = null)
    {
        var command = new Command("explain", Description)
        {
            EndpointOption, AccountOption, RegionOption, BusOption, EventOption, EventIdOption, JsonOption,
            AdminClient.AccessKeyIdOption, AdminClient.SecretAccessKeyOption,
        };
        command.SetAction((parse, _) => RunAsync(parse, console, http));
        return command;
    }

    /// <summary>Runs <c>switchyard explain</c> with <paramref name="args"/> (the arguments after "explain").</summary>
    public static Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, HttpClient? http = null) =>
        SwitchyardCommandLine.InvokeAsync(Create(console, http), args, console);

    private static async Task<int> RunAsync(ParseResult options, CliConsole console, HttpClient? http)
    {
        try
        {
            var region = options.GetValue(RegionOption) ?? console.Environment("AWS_REGION") ?? console.Environment("AWS_DEFAULT_REGION") ?? "us-east-1";
            var account = options.GetValue(AccountOption);
            var request = new JsonObject
            {
                ["account"] = account,
                ["region"] = region,
                ["eventBusName"] = options.GetValue(BusOption),
            };
            if (options.GetValue(EventIdOption) is { } eventId) request["eventId"] = eventId;
            else request["event"] = ReadEvent(options.GetValue(EventOption) ?? throw new CliUsageException("give --event FILE|- or --event-id ID"), console);

            var client = AdminClient.From(options, Endpoint(options.GetValue(EndpointOption)), region, account, console, http);
            var answer = await client.PostAsync("/_switchyard/explain", request.ToJsonString(DiagnosticsJsonContext.Default.Options));
            if (answer.Status != 200) return Failed(answer, console);
            var report = JsonSerializer.Deserialize(answer.Body, DiagnosticsJsonContext.Default.ExplainReport)!;
            if (options.GetValue(JsonOption)) console.Out.WriteLine(answer.Body);
            else ExplainReportPrinter.Print(report, console.Out);
            return report.Matched ? 0 : 1;
        }
        catch (CliUsageException error)
        {
            console.Error.WriteLine($"switchyard explain: {error.Message} (see 'switchyard explain --help')");
            return SwitchyardCommandLine.UsageError;
        }
        catch (Exception error) when (error is HttpRequestException or IOException or JsonException or TaskCanceledException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"switchyard explain: {error.Message}");
            return 2;
        }
    }

    internal static Uri Endpoint(string? text)
    {
        text ??= "http://127.0.0.1:4010";
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
