namespace Switchyard.Cli;

/// <summary>What a client command reads and writes: the process's console, or buffers in tests.</summary>
public sealed record CliConsole(TextReader In, TextWriter Out, TextWriter Error, Func<string, string?> Environment)
{
    public static CliConsole Process() => new(Console.In, Console.Out, Console.Error, System.Environment.GetEnvironmentVariable);
}
