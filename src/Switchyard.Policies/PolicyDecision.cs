namespace Switchyard.Policies;

/// <summary>The outcome of evaluating a resource policy for one request.</summary>
public enum PolicyDecision
{
    /// <summary>At least one Allow statement applies and no Deny statement does.</summary>
    Allow,

    /// <summary>A Deny statement applies; this overrides every Allow.</summary>
    ExplicitDeny,

    /// <summary>No statement applies, so nothing grants the request.</summary>
    ImplicitDeny,
}
