namespace Switchyard.Patterns;

/// <summary>
/// Thrown when a pattern is not valid JSON, breaks a rule of the EventBridge pattern language, or exceeds a limit.
/// <see cref="Exception.Message"/> is the full AWS-style text ("Event pattern is not valid. Reason: ...");
/// <see cref="Reason"/> is the part after "Reason: " and <see cref="Location"/> the pattern path it refers to, if any.
/// </summary>
public sealed class InvalidEventPatternException : Exception
{
    public const string MessagePrefix = "Event pattern is not valid. Reason: ";

    public InvalidEventPatternException(string reason, string? location = null)
        : base(location is null ? MessagePrefix + reason : MessagePrefix + reason + "\n at pattern path \"" + location + "\"")
    {
        Reason = reason;
        Location = location;
    }

    /// <summary>What is wrong, in AWS's words where AWS's text is known.</summary>
    public string Reason { get; }

    /// <summary>The dotted pattern path where the problem is (for example "detail.state"), or null for whole-pattern problems.</summary>
    public string? Location { get; }
}
