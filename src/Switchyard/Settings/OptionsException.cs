namespace Switchyard.Settings;

/// <summary>A setting that cannot be used; the server prints the message and does not start.</summary>
public sealed class OptionsException(string message) : Exception(message);
