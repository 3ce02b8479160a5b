namespace Switchyard.Patterns.Compilation;

/// <summary>
/// An anything-but test of one path. Its excluded values are indexed like positive tests; a value satisfies the
/// condition when the lookup does not find this entry. <see cref="Slot"/> numbers the entries of one path.
/// </summary>
internal sealed class AnythingButEntry(CompiledCondition condition, int slot)
{
    public CompiledCondition Condition { get; } = condition;
    public int Slot { get; } = slot;
}
