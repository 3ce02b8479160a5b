namespace Switchyard.Diagnostics;

/// <summary>A request to an admin endpoint that cannot be answered; <see cref="Status"/> is the HTTP status to answer with.</summary>
public sealed class DiagnosticsException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
