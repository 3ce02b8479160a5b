namespace Switchyard.Policies;

/// <summary>The part of a statement that decided it did not apply to a request.</summary>
public enum StatementElement
{
    Principal,
    NotPrincipal,
    Action,
    NotAction,
    Resource,
    NotResource,
    Condition,
}
