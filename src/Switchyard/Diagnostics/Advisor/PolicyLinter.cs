using Switchyard.Domain;
using Switchyard.Domain.Buses;
using Switchyard.Domain.Rules;

namespace Switchyard.Diagnostics.Advisor;

/// <summary>
/// The advisor: for every bus whose policy lets everyone put events unconditionally, the rules on it whose pattern
/// has no <c>account</c> field (they match events from any AWS account).
/// </summary>
public sealed class PolicyLinter(EventBusCatalog buses, RuleCatalog rules, OpenGrantDetector detector)
{
    public const string Advice =
        "anyone can put events on this bus and these rules match every account's events: add an \"account\" field to their patterns, or a condition (such as aws:PrincipalOrgID) to the grant";

    /// <param name="account">Only this account's buses; all when null.</param>
    public LintReport Lint(string? account = null)
    {
        var findings = new List<LintFinding>();
        // Only buses with rules can have findings, so the rules say which buses to look at.
        var byBus = rules.All
            .Where(r => account is null || r.AccountId == account)
            .GroupBy(r => (r.Scope, r.BusName))
            .OrderBy(g => g.Key.Scope.AccountId, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Scope.Region, StringComparer.Ordinal)
            .ThenBy(g => g.Key.BusName, StringComparer.Ordinal);
        foreach (var group in byBus)
        {
            if (Check(group.Key.Scope, group.Key.BusName, group) is { } finding) findings.Add(finding);
        }
        return new LintReport(findings);
    }

    /// <summary>The finding for one bus, or null when it has none.</summary>
    public LintFinding? Check(AccountRegion scope, string busName, IEnumerable<Rule>? busRules = null)
    {
        if (!buses.TryGet(scope, busName, out var bus)) return null;
        var grants = detector.OpenGrants(bus);
        if (grants.Count == 0) return null;
        var unrestricted = (busRules ?? rules.List(scope, busName))
            .Where(r => r.EventPattern is not null && !AccountRestriction.Restricts(r.EventPattern))
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => new UnrestrictedRule(r.Name, r.Arn, r.State))
            .ToList();
        return unrestricted.Count == 0
            ? null
            : new LintFinding(bus.Arn, scope.AccountId, scope.Region, busName, grants, unrestricted, Advice);
    }
}
