using System.Text.Json;
using Switchyard.Patterns.Explaining;
using Switchyard.Patterns.Model;

namespace Switchyard.Patterns;

/// <summary>
/// Answers "why didn't my rule fire": evaluates a pattern directly against the parsed event and names the first
/// condition that fails. A slow path meant for people (the console, TestEventPattern diagnostics), not for routing.
/// </summary>
public static class PatternExplainer
{
    /// <exception cref="InvalidEventException">The event is not valid JSON or not an object.</exception>
    public static PatternExplanation Explain(EventPattern pattern, ReadOnlySpan<byte> utf8EventJson)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(utf8EventJson);
            document = JsonDocument.ParseValue(ref reader);
            if (reader.BytesConsumed != utf8EventJson.Length && utf8EventJson[(int)reader.BytesConsumed..].Trim(" \t\r\n"u8).Length > 0)
                throw new InvalidEventException("unexpected data after the end of the event", (int)reader.BytesConsumed);
        }
        catch (JsonException e)
        {
            throw new InvalidEventException(e.Message, (int)(e.BytePositionInLine ?? 0));
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new InvalidEventException("the event must be a JSON object", 0);
            var leaves = EventLeaves.Flatten(document.RootElement);
            PatternExplanation? best = null;
            var bestProgress = -1;
            foreach (var branch in pattern.Branches)
            {
                var (explanation, progress) = ExplainBranch(branch, leaves);
                if (explanation.Matched) return explanation;
                if (progress > bestProgress)
                {
                    best = explanation;
                    bestProgress = progress;
                }
            }

            return best!;
        }
    }

    /// <summary>Evaluates one branch; progress counts the conditions met before the failing one (to pick the closest branch).</summary>
    private static (PatternExplanation, int) ExplainBranch(PatternBranch branch, List<EventLeaf> leaves)
    {
        var candidates = new List<List<EventLeaf>>();
        var positive = new List<FieldCondition>();
        var progress = 0;
        foreach (var condition in branch.Conditions.Where(c => !c.IsAbsence))
        {
            var values = leaves.Where(l => l.Path == condition.Path).ToList();
            if (values.Count == 0)
            {
                var isObject = leaves.Any(l => l.Path.StartsWith(condition.Path + ".", StringComparison.Ordinal));
                return (new PatternExplanation(false, condition.Path, isObject ? "field is an object, not a value" : "field is missing"), progress);
            }

            var accepted = values.Where(v => condition.Matchers.Any(m => ValueTest.Accepts(m, v.Value))).ToList();
            if (accepted.Count == 0)
            {
                var allowed = "[" + string.Join(", ", condition.Matchers.Select(m => m.Describe())) + "]";
                var reason = values.Count == 1
                    ? $"value {values[0].Value.GetRawText()} is not one of {allowed}"
                    : $"none of the values [{string.Join(", ", values.Select(v => v.Value.GetRawText()))}] is one of {allowed}";
                return (new PatternExplanation(false, condition.Path, reason), progress);
            }

            candidates.Add(accepted);
            positive.Add(condition);
            progress++;
        }

        var absences = branch.Conditions.Where(c => c.IsAbsence).ToList();
        foreach (var absence in absences)
        {
            var present = leaves.Where(l => l.Path == absence.Path).ToList();
            if (present.Count > 0 && present.All(p => p.Ancestry.Length == 0))
                return (new PatternExplanation(false, absence.Path, $"field is present (value {present[0].Value.GetRawText()}) but the pattern requires it to be absent"), progress);
        }

        var chosen = new EventLeaf[candidates.Count];
        if (Choose(0, candidates, chosen, absences, leaves)) return (new PatternExplanation(true, null, null), int.MaxValue);

        var paths = string.Join(", ", positive.Select(p => p.Path).Concat(absences.Select(a => a.Path)));
        return (new PatternExplanation(false, paths,
            "the values that match come from different elements of the same array (or an absent field is present in the same element)"), progress);
    }

    private static bool Choose(int k, List<List<EventLeaf>> candidates, EventLeaf[] chosen, List<FieldCondition> absences, List<EventLeaf> leaves)
    {
        if (k == candidates.Count)
            return absences.All(a => !leaves.Any(l => l.Path == a.Path && chosen.All(c => c.ConsistentWith(l))));
        foreach (var leaf in candidates[k])
        {
            if (!chosen.Take(k).All(c => c.ConsistentWith(leaf))) continue;
            chosen[k] = leaf;
            if (Choose(k + 1, candidates, chosen, absences, leaves)) return true;
        }

        return false;
    }
}
