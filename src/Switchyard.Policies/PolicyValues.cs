namespace Switchyard.Policies;

/// <summary>
/// The strings of an element that IAM lets you write either as one string or as an array (Action, Resource, the
/// principals of one type). <see cref="IsList"/> remembers which form the document used so that
/// <see cref="PolicyDocument.ToJson"/> gives back the document's own shape.
/// </summary>
public sealed record PolicyValues(IReadOnlyList<string> Values, bool IsList)
{
    /// <summary>A single string, written as a JSON string.</summary>
    public static PolicyValues Of(string value) => new([value], IsList: false);

    /// <summary>Any number of strings, written as a JSON array.</summary>
    public static PolicyValues List(params string[] values) => new(values, IsList: true);

    public bool Equals(PolicyValues? other) =>
        other is not null && IsList == other.IsList && Values.SequenceEqual(other.Values, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(IsList, Values.Count, Values.Count > 0 ? Values[0] : null);
}
