namespace Switchyard.Policies;

/// <summary>
/// A <c>Principal</c> or <c>NotPrincipal</c> element: either the bare string <c>"*"</c> (everyone) or an object
/// mapping principal types (<c>AWS</c>, <c>Service</c>, <c>Federated</c>, <c>CanonicalUser</c>) to values, kept in
/// the order the document gave them.
/// </summary>
public sealed record PolicyPrincipal
{
    private PolicyPrincipal(bool isWildcard, IReadOnlyList<KeyValuePair<string, PolicyValues>> byType)
    {
        IsWildcard = isWildcard;
        ByType = byType;
    }

    /// <summary>True for the bare string form <c>"Principal": "*"</c>.</summary>
    public bool IsWildcard { get; }

    /// <summary>The object form, type name to values; empty when <see cref="IsWildcard"/>.</summary>
    public IReadOnlyList<KeyValuePair<string, PolicyValues>> ByType { get; }

    /// <summary><c>"Principal": "*"</c>, which is how PutPermission stores <c>Principal="*"</c>.</summary>
    public static PolicyPrincipal Everyone { get; } = new(true, []);

    /// <summary><c>{"AWS": ...}</c>: account ids, <c>arn:aws:iam::ID:root</c>, role or user ARNs, or "*".</summary>
    public static PolicyPrincipal Aws(params string[] values) =>
        FromTypes([new("AWS", values.Length == 1 ? PolicyValues.Of(values[0]) : PolicyValues.List(values))]);

    /// <summary><c>{"Service": ...}</c>, for example <c>events.amazonaws.com</c>.</summary>
    public static PolicyPrincipal Service(params string[] values) =>
        FromTypes([new("Service", values.Length == 1 ? PolicyValues.Of(values[0]) : PolicyValues.List(values))]);

    /// <summary>The object form with the given types in the given order.</summary>
    public static PolicyPrincipal FromTypes(IReadOnlyList<KeyValuePair<string, PolicyValues>> byType) => new(false, byType);

    public bool Equals(PolicyPrincipal? other) =>
        other is not null && IsWildcard == other.IsWildcard && ByType.SequenceEqual(other.ByType);

    public override int GetHashCode() => HashCode.Combine(IsWildcard, ByType.Count);
}
