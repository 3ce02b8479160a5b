using Switchyard.Hosting;

namespace Switchyard;

/// <summary>
/// <c>switchyard serve [flags]</c> starts the server (also the default with no command); <c>explain</c> and
/// <c>lint</c> ask a running server (see Cli/).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var command = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "serve";
        var rest = args.Length > 0 && command == args[0] ? args[1..] : args;
        try
        {
            switch (command)
            {
                case "serve":
                    var options = ServerOptionsLoader.Load(rest, Environment.GetEnvironmentVariables()
                        .Cast<System.Collections.DictionaryEntry>()
                        .ToDictionary(e => (string)e.Key, e => (string?)e.Value));
                    await using (var app = ServerApp.Build(options))
                    {
                        await app.RunAsync();
                    }
                    return 0;
                case "explain":
                    return await Cli.ExplainCommand.RunAsync(rest, Cli.CliConsole.Process());
                case "lint":
                    return await Cli.LintCommand.RunAsync(rest, Cli.CliConsole.Process());
                case "help" or "--help" or "-h":
                    PrintUsage();
                    return 0;
                default:
                    Console.Error.WriteLine($"unknown command: {command}");
                    PrintUsage();
                    return 2;
            }
        }
        catch (OptionsException error)
        {
            Console.Error.WriteLine($"switchyard: {error.Message}");
            return 2;
        }
        catch (Storage.DataDirectoryInUseException error)
        {
            Console.Error.WriteLine($"switchyard: {error.Message}");
            return 1;
        }
    }

    private static void PrintUsage() => Console.WriteLine("""
        usage: switchyard serve [--host H] [--port P] [--data-dir DIR] [--in-memory] [--config FILE]
                                [--auth open|strict] [--default-account ID] [--log-level LEVEL] [--enable-reset]
        Every flag can also be set as SWITCHYARD_<NAME> (e.g. SWITCHYARD_DATA_DIR) or in the JSON config file.
        """ + Cli.ExplainCommand.Usage + Cli.LintCommand.Usage);
}
