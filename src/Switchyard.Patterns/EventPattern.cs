using Switchyard.Patterns.Model;
using Switchyard.Patterns.Parsing;

namespace Switchyard.Patterns;

/// <summary>A parsed and validated EventBridge event pattern. Immutable and thread-safe.</summary>
public sealed class EventPattern
{
    private PatternMatcher? _single;

    private EventPattern(string json, IReadOnlyList<PatternBranch> branches)
    {
        Json = json;
        Branches = branches;
    }

    /// <summary>The pattern's JSON text as given.</summary>
    public string Json { get; }

    /// <summary>The pattern with every <c>$or</c> multiplied out: it matches when any branch does.</summary>
    internal IReadOnlyList<PatternBranch> Branches { get; }

    /// <summary>Parses and validates a pattern.</summary>
    /// <exception cref="InvalidEventPatternException">The pattern is not valid; the message says what and where.</exception>
    public static EventPattern Parse(string json, PatternOptions? options = null) =>
        new(json, PatternParser.Parse(json, options ?? PatternOptions.Default));

    /// <summary>Whether the event matches this pattern (what TestEventPattern answers). Uses the compiled matcher.</summary>
    /// <exception cref="InvalidEventException">The event is not a JSON object.</exception>
    public bool Matches(ReadOnlySpan<byte> utf8Event)
    {
        var matcher = _single;
        if (matcher is null)
        {
            matcher = new PatternMatcher();
            matcher.Add("pattern", this);
            _single = matcher;
        }

        var names = new List<string>(1);
        matcher.Match(utf8Event, names);
        return names.Count > 0;
    }

    public override string ToString() => Json;
}
