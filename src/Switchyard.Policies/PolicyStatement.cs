namespace Switchyard.Policies;

/// <summary>
/// One statement of a resource policy. A valid statement has exactly one of Principal/NotPrincipal, one of
/// Action/NotAction and one of Resource/NotResource; <see cref="PolicyDocument.Parse"/> and
/// <see cref="PolicyDocument.Create"/> enforce that.
/// </summary>
public sealed record PolicyStatement(
    string? Sid,
    PolicyEffect Effect,
    PolicyPrincipal? Principal,
    PolicyPrincipal? NotPrincipal,
    PolicyValues? Action,
    PolicyValues? NotAction,
    PolicyValues? Resource,
    PolicyValues? NotResource,
    IReadOnlyList<ConditionClause>? Condition = null)
{
    /// <summary>
    /// The statement's field names in the order the document wrote them, so <see cref="PolicyDocument.ToJson"/>
    /// can give the document back as it came. Null for statements built in code (canonical order is used).
    /// </summary>
    internal IReadOnlyList<string>? FieldOrder { get; init; }

    public bool Equals(PolicyStatement? other) =>
        other is not null
        && Sid == other.Sid
        && Effect == other.Effect
        && Equals(Principal, other.Principal)
        && Equals(NotPrincipal, other.NotPrincipal)
        && Equals(Action, other.Action)
        && Equals(NotAction, other.NotAction)
        && Equals(Resource, other.Resource)
        && Equals(NotResource, other.NotResource)
        && (Condition ?? []).SequenceEqual(other.Condition ?? []);

    public override int GetHashCode() => HashCode.Combine(Sid, Effect, Action, Resource);
}
