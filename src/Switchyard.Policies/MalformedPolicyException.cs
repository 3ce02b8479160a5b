namespace Switchyard.Policies;

/// <summary>
/// A policy document that AWS would refuse. The message names the offending element (for example
/// <c>Statement[1].Effect: ...</c>) so a caller can pass it straight back to the client; <see cref="Path"/>
/// carries the same location separately for callers that map errors themselves.
/// </summary>
public sealed class MalformedPolicyException : Exception
{
    public MalformedPolicyException(string message, string? path = null, Exception? innerException = null)
        : base(path is null ? message : $"{path}: {message}", innerException)
    {
        Path = path;
        Reason = message;
    }

    /// <summary>Where in the document the problem is (<c>Statement[0].Condition.StringEquals</c>), or null for the whole document.</summary>
    public string? Path { get; }

    /// <summary>What is wrong, without the location prefix.</summary>
    public string Reason { get; }
}
