namespace Switchyard.Patterns;

/// <summary>
/// Thrown by <see cref="PatternMatcher.Match(ReadOnlySpan{byte}, ICollection{string})"/>,
/// <see cref="EventPattern.Matches"/> and <see cref="PatternExplainer.Explain"/> when the event is not a JSON object.
/// The matcher checks the full syntax of every value it reads (the fields some pattern names) and the structure
/// (brackets, braces, string quoting) of the subtrees it skips; it does not re-validate every token inside a skipped
/// subtree, because skipping unread fields cheaply is what makes matching fast. Callers that must reject any malformed
/// event (for example PutEvents) should validate it once on ingestion.
/// </summary>
public sealed class InvalidEventException : Exception
{
    public InvalidEventException(string reason, int byteOffset)
        : base($"Event is not valid JSON: {reason} (at byte {byteOffset})")
    {
        Reason = reason;
        ByteOffset = byteOffset;
    }

    public string Reason { get; }

    public int ByteOffset { get; }
}
