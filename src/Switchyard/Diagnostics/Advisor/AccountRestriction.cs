using System.Text.Json;

namespace Switchyard.Diagnostics.Advisor;

/// <summary>
/// Whether an event pattern says which accounts' events it takes: it has a top-level <c>account</c> field, or a
/// top-level <c>$or</c> each of whose alternatives has one. Without it, the rule matches any account's events.
/// </summary>
public static class AccountRestriction
{
    public static bool Restricts(string pattern)
    {
        try
        {
            using var document = JsonDocument.Parse(pattern);
            return Restricts(document.RootElement);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool Restricts(JsonElement pattern)
    {
        if (pattern.ValueKind != JsonValueKind.Object) return false;
        if (pattern.TryGetProperty("account", out _)) return true;
        return pattern.TryGetProperty("$or", out var alternatives) && alternatives.ValueKind == JsonValueKind.Array &&
               alternatives.GetArrayLength() > 0 && alternatives.EnumerateArray().All(Restricts);
    }
}
