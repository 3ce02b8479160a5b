namespace Switchyard.Policies;

/// <summary>
/// One operator of a <c>Condition</c> block, for example <c>"StringEquals": {"aws:PrincipalOrgID": "o-1"}</c>.
/// All keys must hold (AND); within a key any value may match (OR; NOR for negated operators).
/// </summary>
/// <param name="Operator">The operator exactly as written, for example <c>ForAnyValue:StringLikeIfExists</c>.</param>
/// <param name="Keys">The condition keys in document order.</param>
public sealed record ConditionClause(string Operator, IReadOnlyList<ConditionKeyValues> Keys)
{
    public bool Equals(ConditionClause? other) =>
        other is not null && Operator == other.Operator && Keys.SequenceEqual(other.Keys);

    public override int GetHashCode() => HashCode.Combine(Operator, Keys.Count);
}

/// <summary>A condition key and the values the policy compares it with.</summary>
/// <param name="Key">The key as written (IAM compares key names case-insensitively).</param>
/// <param name="Values">The policy values.</param>
/// <param name="IsList">Whether the document wrote the values as a JSON array.</param>
public sealed record ConditionKeyValues(string Key, IReadOnlyList<ConditionValue> Values, bool IsList)
{
    public bool Equals(ConditionKeyValues? other) =>
        other is not null && Key == other.Key && IsList == other.IsList && Values.SequenceEqual(other.Values);

    public override int GetHashCode() => HashCode.Combine(Key, Values.Count, IsList);
}
