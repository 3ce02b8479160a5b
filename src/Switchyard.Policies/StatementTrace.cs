namespace Switchyard.Policies;

/// <summary>
/// What one statement did with a request, for "why was this refused?" answers. Elements are checked in the order
/// principal, action, resource, condition, and the first one that fails is reported.
/// </summary>
/// <param name="Index">Position of the statement in the document (0-based).</param>
/// <param name="Sid">The statement's Sid, if it has one.</param>
/// <param name="Effect">The statement's effect.</param>
/// <param name="Applies">True when every element matched, so the statement's effect takes part in the decision.</param>
/// <param name="FailedElement">The first element that did not match; null when <paramref name="Applies"/>.</param>
/// <param name="ConditionOperator">For a failed condition, the operator as written (e.g. <c>StringEquals</c>).</param>
/// <param name="ConditionKey">For a failed condition, the key as written (e.g. <c>aws:PrincipalOrgID</c>).</param>
/// <param name="Explanation">One human-readable sentence.</param>
public sealed record StatementTrace(
    int Index,
    string? Sid,
    PolicyEffect Effect,
    bool Applies,
    StatementElement? FailedElement,
    string? ConditionOperator,
    string? ConditionKey,
    string Explanation);
