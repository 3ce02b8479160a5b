namespace Switchyard;

/// <summary>
/// <c>switchyard serve [flags]</c> starts the server (also the default with no command); <c>explain</c> and
/// <c>lint</c> ask a running server. The command line is in Cli/.
/// </summary>
public static class Program
{
    public static Task<int> Main(string[] args) => Cli.SwitchyardCommandLine.RunAsync(args, Cli.CliConsole.Process());
}
