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

    private InvalidEventPatternException(string reason, string message, bool _)
        : base(message)
    {
        Reason = reason;
    }

    /// <summary>
    /// An error that AWS reports with its JSON parser's position, written as AWS writes it:
    /// <c>\n at [Source: (String)"&lt;pattern&gt;"; line: L, column: C]</c>.
    /// </summary>
    internal static InvalidEventPatternException AtSource(string reason, string json, int line, int column) =>
        new(reason, MessagePrefix + reason + "\n at " + SourceReference(json, line, column), true);

    /// <summary>Jackson's location text: the source is quoted in full up to 500 characters, then truncated.</summary>
    internal static string SourceReference(string json, int line, int column)
    {
        const int MaxShown = 500;
        var shown = json.Length <= MaxShown ? "\"" + json + "\"" : "\"" + json[..MaxShown] + "\"[truncated " + (json.Length - MaxShown) + " chars]";
        return $"[Source: (String){shown}; line: {line}, column: {column}]";
    }

    /// <summary>What is wrong, in AWS's words where AWS's text is known.</summary>
    public string Reason { get; }

    /// <summary>The dotted pattern path where the problem is (for example "detail.state"), or null for whole-pattern problems.</summary>
    public string? Location { get; }
}
