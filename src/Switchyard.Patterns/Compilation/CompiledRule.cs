namespace Switchyard.Patterns.Compilation;

/// <summary>A named pattern inside a matcher. <see cref="Id"/> indexes per-match scratch arrays (reporting each name once).</summary>
internal sealed class CompiledRule(string name, int id, EventPattern pattern)
{
    public string Name { get; } = name;
    public int Id { get; } = id;
    public EventPattern Pattern { get; } = pattern;
    public List<CompiledBranch> Branches { get; } = [];
}
