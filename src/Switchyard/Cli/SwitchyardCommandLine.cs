using System.CommandLine;

namespace Switchyard.Cli;

/// <summary>
/// The <c>switchyard</c> command line: <c>serve</c> (also the default when the first argument is a flag or there is
/// none), <c>explain</c> and <c>lint</c>, each with <c>--help</c>/<c>-h</c>; <c>--version</c> on the root. A usage
/// mistake is one line naming it and where to look, exit code 2; help and version exit 0.
/// </summary>
public static class SwitchyardCommandLine
{
    public const int UsageError = 2;

    public static Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellation = default)
    {
        var root = new RootCommand("Switchyard: a self-hosted event router that speaks the Amazon EventBridge API.")
        {
            ServeCommand.Create(),
            ExplainCommand.Create(console),
            LintCommand.Create(console),
        };
        // No command and flags only mean "serve", as before the command line had subcommands; the root's own
        // --help/-h/-?/--version stay the root's.
        string[] rootOnly = ["--help", "-h", "-?", "--version", "help"];
        if (args.Length == 0 || (args[0].StartsWith('-') && !rootOnly.Contains(args[0]))) args = ["serve", .. args];
        if (args[0] == "help") args = args.Length > 1 ? [args[1], "--help"] : ["--help"];
        return InvokeAsync(root, args, console, cancellation);
    }

    /// <summary>Parses <paramref name="args"/> against <paramref name="command"/> and runs it, or reports the first mistake.</summary>
    public static async Task<int> InvokeAsync(Command command, IReadOnlyList<string> args, CliConsole console, CancellationToken cancellation = default)
    {
        var parse = command.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0)
        {
            var name = CommandPath(parse);
            console.Error.WriteLine($"{name}: {parse.Errors[0].Message.TrimEnd('.')} (see '{name} --help')");
            return UsageError;
        }
        return await parse.InvokeAsync(new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            // Each command turns its own failures into one line; anything else is a bug and may show its trace.
            EnableDefaultExceptionHandler = false,
        }, cancellation);
    }

    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
            names.Insert(0, result.Command is RootCommand ? "switchyard" : result.Command.Name);
        if (names.Count == 0 || names[0] != "switchyard") names.Insert(0, "switchyard");
        return string.Join(' ', names);
    }
}
