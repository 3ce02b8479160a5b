namespace Switchyard.Diagnostics.Advisor;

/// <summary>The answer of <c>GET /_switchyard/lint</c>: one finding per bus that lets any account in and has rules that take any account's events.</summary>
public sealed record LintReport(IReadOnlyList<LintFinding> Findings);

/// <summary>
/// A bus whose policy grants <c>events:PutEvents</c> to everyone (<c>"*"</c>) with no condition, and the rules on it
/// whose pattern has no <c>account</c> field: those rules match events that any AWS account puts on the bus.
/// </summary>
public sealed record LintFinding(
    string EventBusArn,
    string Account,
    string Region,
    string EventBusName,
    IReadOnlyList<OpenGrant> OpenGrants,
    IReadOnlyList<UnrestrictedRule> Rules,
    string Advice);

/// <summary>A statement of a bus policy that lets everyone put events, unconditionally.</summary>
public sealed record OpenGrant(int Index, string? Sid);

public sealed record UnrestrictedRule(string Name, string Arn, string State);
