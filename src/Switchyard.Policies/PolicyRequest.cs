namespace Switchyard.Policies;

/// <summary>
/// What is being asked of a resource policy: who (principal), what (action), on which resource, and the
/// condition keys that request carries.
/// </summary>
public sealed class PolicyRequest
{
    /// <summary>The 12-digit account of the caller. For a service principal, the account the service acts for.</summary>
    public required string PrincipalAccount { get; init; }

    /// <summary>
    /// The caller's ARN, for example <c>arn:aws:iam::111122223333:role/x</c> or an STS assumed-role session ARN.
    /// Null means the account itself (<c>arn:&lt;partition&gt;:iam::&lt;PrincipalAccount&gt;:root</c>).
    /// </summary>
    public string? PrincipalArn { get; init; }

    /// <summary>
    /// Set when the caller is an AWS service principal (for example <c>events.amazonaws.com</c>). Such a caller
    /// matches <c>{"Service": ...}</c> and "*" principals only, never account or ARN principals.
    /// </summary>
    public string? PrincipalService { get; init; }

    /// <summary>The action, for example <c>events:PutEvents</c>.</summary>
    public required string Action { get; init; }

    /// <summary>The resource ARN, for example the bus ARN or a rule ARN.</summary>
    public required string Resource { get; init; }

    /// <summary>
    /// Condition keys and their values (names compared case-insensitively). A key with no values counts as absent.
    /// <c>aws:PrincipalAccount</c>, <c>aws:PrincipalArn</c> and <c>aws:PrincipalServiceName</c> are derived from
    /// the principal properties when not given here.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Context { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
}
