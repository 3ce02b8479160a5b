namespace Switchyard.Patterns.Compilation;

/// <summary>
/// Dense integer ids with reuse, so scratch arrays indexed by id stay as small as the live rule set. A freed id can
/// only reappear in a later snapshot than the one that held its previous owner, so one snapshot never has duplicates.
/// </summary>
internal sealed class IdAllocator
{
    private readonly Stack<int> _free = new();

    /// <summary>One more than the highest id ever handed out.</summary>
    public int Capacity { get; private set; }

    public int Next() => _free.Count > 0 ? _free.Pop() : Capacity++;

    public void Free(int id) => _free.Push(id);
}
