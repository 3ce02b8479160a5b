namespace Switchyard.Patterns.Compilation;

/// <summary>
/// One branch of a rule (rules with <c>$or</c> have several). It matches when each positive condition is met by some
/// event value, the chosen values are array-consistent, and no absence path has a value consistent with that choice.
/// </summary>
internal sealed class CompiledBranch(CompiledRule rule, int id)
{
    public CompiledRule Rule { get; } = rule;
    public int Id { get; } = id;
    /// <summary>All conditions, absence ones included (for unregistering).</summary>
    public CompiledCondition[] Conditions { get; set; } = [];

    public CompiledCondition[] Positive { get; set; } = [];
    public int[] AbsentPathIds { get; set; } = [];
}
