namespace Switchyard.Patterns.Model;

/// <summary>
/// One AND-ed set of field conditions. A pattern is the OR of its branches; patterns without <c>$or</c> have one
/// branch, and each <c>$or</c> multiplies the branches out at parse time, so matching never sees <c>$or</c>.
/// </summary>
internal sealed record PatternBranch(IReadOnlyList<FieldCondition> Conditions);
