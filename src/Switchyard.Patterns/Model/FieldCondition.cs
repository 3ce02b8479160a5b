namespace Switchyard.Patterns.Model;

/// <summary>
/// One path of a pattern branch and its value array. <see cref="Path"/> is the keys joined with '.', which is also how
/// AWS joins them, so the pattern key "a.b" and the nested keys a → b name the same field.
/// </summary>
internal sealed record FieldCondition(string Path, IReadOnlyList<ValueMatcher> Matchers)
{
    /// <summary>True for <c>[{"exists": false}]</c>, the only condition that is met by the absence of values.</summary>
    public bool IsAbsence => Matchers.Count == 1 && Matchers[0] is ExistsMatcher { ShouldExist: false };
}
