using Switchyard.Patterns.Text;

namespace Switchyard.Patterns.Matching;

/// <summary>A wildcard and what it satisfies; found through its literal prefix or suffix, then checked in full.</summary>
internal sealed record WildcardEntry<T>(WildcardPattern Pattern, T Target);
