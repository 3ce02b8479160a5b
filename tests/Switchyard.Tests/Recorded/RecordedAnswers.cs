using System.Text.Json.Nodes;

namespace Switchyard.Tests.Recorded;

/// <summary>
/// The tables of answers recorded from real AWS in tests/recorded/ (each row names where it was recorded); the
/// library tests and the boto3 compat suite read the same files.
/// </summary>
public static class RecordedAnswers
{
    public static JsonObject Load(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "recorded", name);
            if (File.Exists(candidate)) return (JsonObject)JsonNode.Parse(File.ReadAllText(candidate))!;
        }
        throw new FileNotFoundException("tests/recorded/" + name + " not found above " + AppContext.BaseDirectory);
    }

    /// <summary>JSON text as the value of a JSON string member.</summary>
    public static string Quote(string text) => JsonValue.Create(text).ToJsonString();
}
