namespace Switchyard.Cli;

/// <summary><c>--name value</c> and <c>--flag</c> arguments of a client command; <c>--name=value</c> works too.</summary>
public sealed class CliArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    /// <param name="flagNames">The options that take no value.</param>
    /// <exception cref="CliUsageException">An argument is not an option, or an option lacks its value.</exception>
    public CliArguments(IReadOnlyList<string> args, IReadOnlySet<string> valueNames, IReadOnlySet<string> flagNames)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal)) throw new CliUsageException($"unexpected argument: {arg}");
            var name = arg[2..];
            string? value = null;
            var equals = name.IndexOf('=');
            if (equals >= 0) (name, value) = (name[..equals], name[(equals + 1)..]);
            if (flagNames.Contains(name) && value is null)
            {
                _flags.Add(name);
                continue;
            }
            if (!valueNames.Contains(name)) throw new CliUsageException($"unknown option: --{name}");
            if (value is null)
            {
                if (i + 1 >= args.Count) throw new CliUsageException($"option --{name} needs a value");
                value = args[++i];
            }
            _values[name] = value;
        }
    }

    public string? Get(string name) => _values.GetValueOrDefault(name);

    public string Require(string name) => Get(name) ?? throw new CliUsageException($"option --{name} is required");

    public bool Has(string flag) => _flags.Contains(flag);
}

/// <summary>The command line was wrong: the message is printed with the usage, exit code 2.</summary>
public sealed class CliUsageException(string message) : Exception(message);
