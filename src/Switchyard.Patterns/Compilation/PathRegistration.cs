using Switchyard.Patterns.Matching;

namespace Switchyard.Patterns.Compilation;

/// <summary>Writer-side state of one field path: the conditions on it and its last compiled index.</summary>
internal sealed class PathRegistration(string path, int id)
{
    public string Path { get; } = path;
    public int Id { get; } = id;
    public HashSet<CompiledCondition> Conditions { get; } = [];
    public FieldIndex? Index { get; set; }
}
