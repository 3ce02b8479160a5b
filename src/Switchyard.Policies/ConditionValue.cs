namespace Switchyard.Policies;

/// <summary>How a condition value was written in JSON; IAM accepts strings, numbers and booleans and compares them as text.</summary>
public enum ConditionValueKind
{
    String,
    Number,
    Boolean,
}

/// <summary>
/// One value of a condition key. <see cref="Text"/> is the value as IAM compares it (numbers keep their JSON
/// spelling, booleans are "true"/"false"); <see cref="Kind"/> lets the document be written back unchanged.
/// </summary>
public sealed record ConditionValue(string Text, ConditionValueKind Kind = ConditionValueKind.String);
