using Switchyard.Patterns.Compilation;
using Switchyard.Patterns.Json;
using Switchyard.Patterns.Matching;

namespace Switchyard.Patterns;

/// <summary>
/// Many named patterns compiled into one structure. <see cref="Match(ReadOnlySpan{byte}, ICollection{string})"/> reads
/// the event once and looks each value up in the per-path indexes, so its cost depends on the event's fields that
/// patterns use, not on the number of patterns. Thread-safe: any number of threads may match while others add or
/// remove; a match sees the rule set as it was when the match started.
/// </summary>
public sealed class PatternMatcher
{
    /// <summary>
    /// How deeply an event may nest (the envelope's object is level 1): a deeper event is an
    /// <see cref="InvalidEventException"/>, so callers that accept events check this first.
    /// </summary>
    public const int MaxEventDepth = 512;

    private readonly object _gate = new();
    private readonly MatcherBuilder _builder = new();
    private volatile MatcherSnapshot _snapshot = MatcherSnapshot.Empty;
    private volatile bool _dirty;

    /// <summary>Adds a pattern under <paramref name="name"/>, replacing any pattern with that name.</summary>
    /// <remarks>
    /// Cheap: the pattern's conditions are registered and their field paths marked for recompilation. The next match
    /// recompiles just those paths (not the whole matcher) and publishes a new snapshot, so a burst of adds costs one
    /// rebuild per touched path. Matches already running keep the snapshot they started with.
    /// </remarks>
    public void Add(string name, EventPattern pattern)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(pattern);
        lock (_gate)
        {
            _builder.Add(name, pattern);
            _dirty = true;
        }
    }

    /// <summary>Removes the pattern called <paramref name="name"/>; false if there was none.</summary>
    public bool Remove(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_gate)
        {
            if (!_builder.Remove(name)) return false;
            _dirty = true;
            return true;
        }
    }

    /// <summary>The number of named patterns.</summary>
    public int Count
    {
        get
        {
            lock (_gate) return _builder.Count;
        }
    }

    /// <summary>
    /// Clears <paramref name="matchedNames"/> and adds the name of every pattern the event matches, each once.
    /// Allocates nothing once warmed up if the collection has room.
    /// </summary>
    /// <exception cref="InvalidEventException">The event is not a JSON object (see that type for how much is checked);
    /// <paramref name="matchedNames"/> is left empty.</exception>
    public void Match(ReadOnlySpan<byte> utf8EventJson, ICollection<string> matchedNames)
    {
        ArgumentNullException.ThrowIfNull(matchedNames);
        matchedNames.Clear();
        var snapshot = CurrentSnapshot();
        var scratch = MatchScratch.Rent();
        try
        {
            scratch.Begin(snapshot, matchedNames);
            EventReader.Read(utf8EventJson, snapshot.Root, scratch);
            scratch.Finish();
        }
        catch (InvalidEventException)
        {
            // Single-condition rules are reported while the event is read; an invalid event reports none.
            matchedNames.Clear();
            throw;
        }
        finally
        {
            MatchScratch.Return(scratch);
        }
    }

    /// <summary>The names of the patterns the event matches.</summary>
    /// <exception cref="InvalidEventException">The event is not a JSON object.</exception>
    public IReadOnlyList<string> Match(ReadOnlySpan<byte> utf8EventJson)
    {
        var names = new List<string>();
        Match(utf8EventJson, names);
        return names;
    }

    /// <summary>
    /// The snapshot to match against, publishing pending adds/removes first. Publishing rebuilds only the paths those
    /// changes touched; readers that already hold the previous snapshot keep using it undisturbed.
    /// </summary>
    internal MatcherSnapshot CurrentSnapshot()
    {
        if (!_dirty) return _snapshot;
        lock (_gate)
        {
            if (_dirty)
            {
                _snapshot = _builder.Publish();
                _dirty = false;
            }

            return _snapshot;
        }
    }
}
