using Switchyard.Patterns.Model;

namespace Switchyard.Patterns.Compilation;

/// <summary>A field condition of a branch, registered in the index of its path. <see cref="Id"/> indexes scratch arrays.</summary>
internal sealed class CompiledCondition(CompiledBranch branch, int id, FieldCondition source)
{
    public CompiledBranch Branch { get; } = branch;
    public int Id { get; } = id;
    public FieldCondition Source { get; } = source;

    // Copied from the branch so that recording a hit reads only this object (one cache line fewer per hit).
    public int BranchId { get; } = branch.Id;

    /// <summary>How many positive conditions the branch has (set once the branch is complete).</summary>
    public int BranchPositiveCount { get; set; }

    /// <summary>
    /// True when this is the branch's only condition and the branch has no exists:false: a hit then means the rule
    /// matched, and the match reports it on the spot, touching nothing but this object and the rule's stamp.
    /// </summary>
    public bool CompletesBranchAlone { get; set; }

    public int RuleId { get; } = branch.Rule.Id;

    public string RuleName { get; } = branch.Rule.Name;
}
