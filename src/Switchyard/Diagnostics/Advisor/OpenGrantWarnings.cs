using Switchyard.Domain.Buses;
using Switchyard.Domain.Rules;

namespace Switchyard.Diagnostics.Advisor;

/// <summary>
/// The advisor in the server's log: a warning when a bus policy starts to let everyone put events unconditionally,
/// and when a rule whose pattern has no <c>account</c> field is made on such a bus. Existing state at start-up is
/// not warned about again (<c>switchyard lint</c> lists it).
/// </summary>
public sealed class OpenGrantWarnings : IEventBusObserver, IRuleObserver
{
    private readonly EventBusCatalog _buses;
    private readonly RuleCatalog _rules;
    private readonly OpenGrantDetector _detector;
    private readonly ILogger _logger;
    private bool _replaying = true;

    public OpenGrantWarnings(EventBusCatalog buses, RuleCatalog rules, OpenGrantDetector detector, ILogger<OpenGrantWarnings> logger)
    {
        _buses = buses;
        _rules = rules;
        _detector = detector;
        _logger = logger;
        rules.Observe(this); // replays the existing rules, which are not news
        _replaying = false;
        buses.Observe(this);
    }

    public void BusChanged(EventBus before, EventBus after)
    {
        if (after.Policy == before.Policy) return;
        var previous = _detector.OpenGrants(before).Select(g => g.Sid).ToHashSet();
        var added = _detector.OpenGrants(after).Where(g => !previous.Contains(g.Sid)).ToList();
        if (added.Count == 0) return;
        var unrestricted = _rules.List(after.Scope, after.Name)
            .Where(r => r.EventPattern is not null && !AccountRestriction.Restricts(r.EventPattern))
            .Select(r => r.Name)
            .ToList();
        _logger.LogWarning(
            "event bus {BusArn} now lets every AWS account put events, with no condition (statement {Statements}); rules on it with no \"account\" field in their pattern match any account's events: {Rules}",
            after.Arn,
            string.Join(", ", added.Select(g => g.Sid is null ? $"#{g.Index}" : $"'{g.Sid}'")),
            unrestricted.Count == 0 ? "none yet" : string.Join(", ", unrestricted));
    }

    public void RuleChanged(Rule? before, Rule? after)
    {
        if (_replaying || after?.EventPattern is not { } pattern || AccountRestriction.Restricts(pattern)) return;
        // Warn when the rule becomes unrestricted: made so, or its pattern lost its account field.
        if (before?.EventPattern is { } old && !AccountRestriction.Restricts(old)) return;
        if (!_buses.TryGet(after.Scope, after.BusName, out var bus) || _detector.OpenGrants(bus).Count == 0) return;
        _logger.LogWarning(
            "rule {RuleArn} has no \"account\" field in its pattern and its event bus {BusArn} lets every AWS account put events with no condition: it matches events from any account",
            after.Arn, bus.Arn);
    }
}
