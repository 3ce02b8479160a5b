using Switchyard.Patterns.Compilation;

namespace Switchyard.Patterns.Matching;

/// <summary>
/// All tests on one field path: the positive tests (which conditions a value satisfies) and the anything-but tests
/// (which exclusions a value hits; every other anything-but entry of the path is satisfied).
/// </summary>
internal sealed class FieldIndex(ValueIndex<CompiledCondition> positive, ValueIndex<AnythingButEntry> exclusions, AnythingButEntry[] anythingBut)
{
    public ValueIndex<CompiledCondition> Positive { get; } = positive;
    public ValueIndex<AnythingButEntry> Exclusions { get; } = exclusions;
    public AnythingButEntry[] AnythingBut { get; } = anythingBut;
}
