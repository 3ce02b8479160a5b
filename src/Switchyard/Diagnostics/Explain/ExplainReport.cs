namespace Switchyard.Diagnostics.Explain;

/// <summary>
/// The answer of Explain for one event on one bus: whether the bus admits it, and what every rule on the bus does
/// with it. <see cref="Matched"/> is true when the event is admitted and at least one enabled rule matches.
/// </summary>
public sealed record ExplainReport
{
    public string? EventId { get; init; }
    public required string EventBusArn { get; init; }
    public required string BusAccount { get; init; }
    public required string EventAccount { get; init; }
    public string? Source { get; init; }
    public string? DetailType { get; init; }
    /// <summary>Whether the bus takes the event at all (always for its own account's events).</summary>
    public required bool Admitted { get; init; }
    /// <summary>The bus-policy decision for an event from another account; null for the owner's own events.</summary>
    public AccessVerdict? Admission { get; init; }
    public required bool Matched { get; init; }
    public required IReadOnlyList<RuleVerdict> Rules { get; init; }
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>What one rule does with the event.</summary>
/// <param name="Outcome">One of <see cref="RuleOutcomes"/>.</param>
/// <param name="FailedField">For a pattern that does not match: the first field that failed (for example <c>detail.state</c>).</param>
/// <param name="Reason">Why that field failed, or why the rule is not considered.</param>
/// <param name="PatternMatches">For a disabled rule: whether its pattern would match.</param>
/// <param name="Targets">For a matched rule: where the event goes next.</param>
public sealed record RuleVerdict(
    string Name,
    string Arn,
    string State,
    string Outcome,
    string? FailedField = null,
    string? Reason = null,
    bool? PatternMatches = null,
    string? ScheduleExpression = null,
    IReadOnlyList<TargetVerdict>? Targets = null);

public static class RuleOutcomes
{
    public const string Matched = "matched";
    public const string NotMatched = "not-matched";
    public const string Disabled = "disabled";
    public const string ScheduleOnly = "schedule-only";
    public const string InvalidPattern = "invalid-pattern";
}

/// <summary>
/// A target of a matched rule. For an event-bus target: the bus-policy decision when it is another account's bus
/// (<see cref="Access"/>) and what the rules of that bus do with the event (<see cref="Downstream"/>).
/// </summary>
public sealed record TargetVerdict(
    string Id,
    string Arn,
    string? Note = null,
    AccessVerdict? Access = null,
    ExplainReport? Downstream = null);

/// <summary>
/// A bus-policy decision (<c>BusAccessAuthorizer</c>) with the trace of every statement: who asked, for what, which
/// statement decided and the organization the caller was taken to belong to (for <c>aws:PrincipalOrgID</c>).
/// </summary>
public sealed record AccessVerdict(
    string CallerAccount,
    string Action,
    string Resource,
    bool Allowed,
    string Reason,
    string? OrganizationId,
    int? DecidingStatementIndex,
    string? DecidingStatementSid,
    IReadOnlyList<StatementVerdict> Statements);

/// <summary>One statement of the bus policy and what it did with the request (see <c>Switchyard.Policies.StatementTrace</c>).</summary>
public sealed record StatementVerdict(
    int Index,
    string? Sid,
    string Effect,
    bool Applies,
    string? FailedElement,
    string? ConditionOperator,
    string? ConditionKey,
    string Explanation);
