namespace Switchyard.Patterns.Matching;

/// <summary>The JSON type of an event leaf value.</summary>
internal enum EventValueKind : byte { String, Number, True, False, Null }
