using System.CommandLine;
using Microsoft.Data.Sqlite;
using Switchyard.Hosting;
using Switchyard.Settings;

namespace Switchyard.Cli;

/// <summary>
/// <c>switchyard serve [flags]</c>: starts the server. The flags are one source of <see cref="ServerOptions"/>
/// (<see cref="ServerOptionsLoader"/> merges them over SWITCHYARD_* variables and the config file). A mistake at
/// start-up is one line naming it and the fix: exit 2 for a wrong setting, 1 for what the machine refused (a port in
/// use, a data directory that cannot be written).
/// </summary>
public static class ServeCommand
{
    private sealed record Flag(string Setting, Option Option);

    private static Flag[] Flags() =>
    [
        Value("host", "H", "address to listen on: an IP address or a name that resolves (default 127.0.0.1)"),
        Value("port", "P", "port to listen on (default 4010)"),
        Value("data-dir", "DIR", "where the SQLite files live, relative to the current directory (default ./data)"),
        Switch("in-memory", "keep everything in memory; nothing is written to disk"),
        Value("storage", "sqlite|postgres", "sqlite: files in the data directory (default); postgres: one PostgreSQL database several nodes can share"),
        Value("postgres", "CONNECTION", "PostgreSQL connection string for --storage postgres, e.g. \"Host=db;Database=switchyard;Username=sy\""),
        Value("node-id", "ID", "this node's name in a cluster: leases, /health, /metrics (default: host name and process id)"),
        Value("change-feed-staleness-ms", "MS", "postgres: refuse PutEvents when this node's rules were not confirmed current for this long (default 1500)"),
        Value("config", "FILE", "JSON config file: credentials, limits, module sections and any flag"),
        Value("auth", "open|strict", "open: any key, no signature check (default); strict: configured keys, SigV4 verified"),
        Value("default-account", "ID", "account of callers whose key is not a 12-digit account id, open mode (default 123456789012)"),
        Value("default-region", "REGION", "region of requests without one (default us-east-1)"),
        Value("log-level", "LEVEL", "Trace, Debug, Information (default), Warning, Error, Critical or None"),
        Value("log-format", "text|json", "text: one line per entry (default); json: one JSON object per line"),
        Switch("enable-reset", "allow POST /_switchyard/reset (default: on in open mode, off in strict mode)"),
        Switch("scheduler-test-clock", "run EventBridge Scheduler on a clock an admin moves forward (/_switchyard/scheduler/clock), for tests"),
    ];

    private static Flag Value(string name, string helpName, string description) =>
        new(SettingNames.Canonical(name), new Option<string>("--" + name) { Description = description, HelpName = helpName });

    private static Flag Switch(string name, string description) =>
        new(SettingNames.Canonical(name), new Option<bool>("--" + name) { Description = description });

    public static Command Create()
    {
        var flags = Flags();
        var command = new Command("serve", """
            Start the server. Every flag can also be set as SWITCHYARD_<NAME> (SWITCHYARD_DATA_DIR=/var/lib/sy) or as a key
            of the JSON config file ("dataDir": "/var/lib/sy"); flags win over the environment, which wins over the file.
            """);
        foreach (var flag in flags) command.Add(flag.Option);
        command.SetAction((parse, cancellation) => RunAsync(Settings(parse, flags), cancellation));
        return command;
    }

    /// <summary>The settings given as flags, by canonical name (see <see cref="SettingNames.Canonical"/>).</summary>
    /// <exception cref="OptionsException">The flags do not parse.</exception>
    /// <summary>Reads the options with <paramref name="flags"/> as the command line of <c>switchyard serve</c>.</summary>
    public static ServerOptions LoadOptions(IReadOnlyList<string> flags, IDictionary<string, string?> environment) =>
        ServerOptionsLoader.Load(ParseFlags(flags), environment);

    public static Dictionary<string, string> ParseFlags(IReadOnlyList<string> args)
    {
        var flags = Flags();
        var command = new Command("serve");
        foreach (var flag in flags) command.Add(flag.Option);
        var parse = command.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0) throw new OptionsException(parse.Errors[0].Message);
        return Settings(parse, flags);
    }

    private static Dictionary<string, string> Settings(ParseResult parse, Flag[] flags)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var flag in flags)
        {
            // Only flags that were given: an absent flag must not hide the environment or the config file.
            if (parse.GetResult(flag.Option) is not { Implicit: false }) continue;
            settings[flag.Setting] = flag.Option switch
            {
                Option<bool> on => parse.GetValue(on) ? "true" : "false",
                Option<string> text => parse.GetValue(text) ?? "",
                _ => throw new InvalidOperationException($"flag {flag.Option.Name} has no reader"),
            };
        }
        return settings;
    }

    private static async Task<int> RunAsync(Dictionary<string, string> flags, CancellationToken cancellation)
    {
        ServerOptions options;
        try
        {
            options = ServerOptionsLoader.Load(flags, ProcessEnvironment());
            ListenAddress.Resolve(options.Host);
            ListenAddress.EnsurePortFree(options);
        }
        catch (OptionsException error)
        {
            return Fail(error.Message, SwitchyardCommandLine.UsageError);
        }
        catch (PortInUseException error)
        {
            return Fail(error.Message, 1);
        }

        Microsoft.AspNetCore.Builder.WebApplication app;
        try
        {
            app = ServerApp.Build(options);
        }
        catch (OptionsException error)
        {
            return Fail(error.Message, SwitchyardCommandLine.UsageError);
        }
        catch (Storage.DataDirectoryInUseException error)
        {
            return Fail(error.Message, 1);
        }
        catch (Storage.Postgres.SchemaTooNewException error)
        {
            return Fail(error.Message, 1);
        }
        catch (Exception error) when (options.UsesPostgres && Innermost(error) is Npgsql.NpgsqlException or System.Net.Sockets.SocketException)
        {
            return Fail($"cannot use the PostgreSQL database given by --postgres: {Sentence(Innermost(error).Message)}; "
                + "check that the server runs and the connection string (host, port, database, user, password) is right", 1);
        }
        catch (Exception error) when (DataDirectoryFailure(error) && !options.InMemory)
        {
            return Fail($"cannot use the data directory {options.DataDirectory}: {Sentence(Innermost(error).Message)}; "
                + "choose a writable directory with --data-dir, or run with --in-memory", 1);
        }
        catch (Exception error) when (error is InvalidOperationException or FormatException or KeyNotFoundException)
        {
            // Module sections of the config file are read while the services are built: a value of the wrong type
            // (a string where a number belongs) surfaces here.
            return Fail($"a setting in the config file {options.ConfigFile} has the wrong type or value: {Sentence(Innermost(error).Message)}; fix it in the file", SwitchyardCommandLine.UsageError);
        }

        await using (app)
        {
            try
            {
                await app.RunAsync(cancellation);
            }
            catch (IOException error) when (error.GetType().Name == "AddressInUseException")
            {
                return Fail(ListenAddress.InUseMessage(options), 1);
            }
        }
        return 0;
    }

    private static bool DataDirectoryFailure(Exception error) =>
        Innermost(error) is UnauthorizedAccessException or IOException or SqliteException;

    private static Exception Innermost(Exception error)
    {
        while (error.InnerException is not null) error = error.InnerException;
        return error;
    }

    private static string Sentence(string message) => message.TrimEnd('.', ' ');

    private static int Fail(string message, int exitCode)
    {
        Console.Error.WriteLine($"switchyard: {message}");
        return exitCode;
    }

    private static Dictionary<string, string?> ProcessEnvironment() =>
        Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value);
}
