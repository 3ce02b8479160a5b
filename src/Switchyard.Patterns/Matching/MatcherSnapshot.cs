using Switchyard.Patterns.Compilation;

namespace Switchyard.Patterns.Matching;

/// <summary>
/// An immutable view of everything compiled in a <see cref="PatternMatcher"/> at one moment. Matching reads only a
/// snapshot, so adds and removes (which publish a new one) never disturb a match in progress.
/// </summary>
internal sealed class MatcherSnapshot(
    PathNode root,
    FieldIndex?[] fields,
    CompiledBranch[] absenceOnly,
    int pathCapacity,
    int conditionCapacity,
    int branchCapacity,
    int ruleCapacity,
    int anythingButCapacity,
    bool isEmpty)
{
    public static readonly MatcherSnapshot Empty = new(PathNode.BuildRoot([]), [], [], 0, 0, 0, 0, 0, true);

    public PathNode Root { get; } = root;

    /// <summary>By path id; null for paths that only carry exists:false.</summary>
    public FieldIndex?[] Fields { get; } = fields;

    /// <summary>Branches made only of exists:false conditions: they match unless a named path is present.</summary>
    public CompiledBranch[] AbsenceOnly { get; } = absenceOnly;

    public int PathCapacity { get; } = pathCapacity;
    public int ConditionCapacity { get; } = conditionCapacity;
    public int BranchCapacity { get; } = branchCapacity;
    public int RuleCapacity { get; } = ruleCapacity;
    public int AnythingButCapacity { get; } = anythingButCapacity;
    public bool IsEmpty { get; } = isEmpty;
}
