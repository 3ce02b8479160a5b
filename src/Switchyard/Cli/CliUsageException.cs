namespace Switchyard.Cli;

/// <summary>The command line was wrong: the message is printed with a pointer to <c>--help</c>, exit code 2.</summary>
public sealed class CliUsageException(string message) : Exception(message);
