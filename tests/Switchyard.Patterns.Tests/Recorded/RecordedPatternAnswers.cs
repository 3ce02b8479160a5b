using System.Text.Json.Nodes;

namespace Switchyard.Patterns.Tests.Recorded;

/// <summary>
/// The table of TestEventPattern answers recorded from real AWS (tests/recorded/event-patterns.json), shared by the
/// library tests, the server tests and the boto3 compat suite so that all three check the same rows.
/// </summary>
public static class RecordedPatternAnswers
{
    public const string FileName = "event-patterns.json";

    private static readonly Lazy<JsonObject> Table = new(() =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(Locate(FileName)))!);

    public sealed record Match(string Recorded, string Pattern, string Event, bool Result)
    {
        public override string ToString() => Recorded;
    }

    public sealed record ErrorRow(string Recorded, string Pattern, string? Message, string? Reason)
    {
        public override string ToString() => Recorded;
    }

    public static IEnumerable<Match> Matches() =>
        Table.Value["matches"]!.AsArray().Select(row => new Match(
            (string)row!["recorded"]!, PatternOf(row), EventOf(row), (bool)row["result"]!));

    public static IEnumerable<ErrorRow> Errors() =>
        Table.Value["errors"]!.AsArray().Select(row => new ErrorRow(
            (string)row!["recorded"]!, PatternOf(row), (string?)row["message"], (string?)row["reason"]));

    private static string PatternOf(JsonNode row) =>
        (string?)row["patternText"] ?? row["pattern"]!.ToJsonString();

    private static string EventOf(JsonNode row)
    {
        if ((string?)row["eventText"] is { } text) return text;
        var evt = (JsonObject)Table.Value["envelope"]!.DeepClone();
        foreach (var (name, value) in row["event"]!.AsObject()) evt[name] = value?.DeepClone();
        return evt.ToJsonString();
    }

    /// <summary>Finds tests/recorded/&lt;name&gt; from the test binary's directory upwards.</summary>
    public static string Locate(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "recorded", name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("tests/recorded/" + name + " not found above " + AppContext.BaseDirectory);
    }
}
