namespace Switchyard.Policies;

/// <summary>
/// The decision for one request, the statement that decided it (the first applying Deny for
/// <see cref="PolicyDecision.ExplicitDeny"/>, the first applying Allow for <see cref="PolicyDecision.Allow"/>,
/// none for <see cref="PolicyDecision.ImplicitDeny"/>) and a trace entry for every statement.
/// </summary>
public sealed record PolicyEvaluation(
    PolicyDecision Decision,
    PolicyStatement? DecidingStatement,
    IReadOnlyList<StatementTrace> Trace);
