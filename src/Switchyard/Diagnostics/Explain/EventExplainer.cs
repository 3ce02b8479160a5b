using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Domain;
using Switchyard.Domain.Access;
using Switchyard.Domain.Buses;
using Switchyard.Domain.Routing;
using Switchyard.Domain.Rules;
using Switchyard.Patterns;
using Switchyard.Settings;
using Switchyard.Domain.Targets;

namespace Switchyard.Diagnostics.Explain;

/// <summary>
/// "Why did my rule not fire, why was this event refused?": puts an event on a bus in thought only. Says whether the
/// bus policy admits it (for another account's event), and for every rule on the bus whether it matches, and if
/// not the first pattern field that failed (<see cref="PatternExplainer"/>). For matched rules whose target is an
/// event bus it follows the event one hop: the receiving bus's policy decision and what that bus's rules do.
/// Nothing is put on any bus and no target is called.
/// </summary>
public sealed class EventExplainer(
    EventBusCatalog buses,
    RuleCatalog rules,
    AccessVerdicts access,
    IRecentEventLookup recentEvents,
    ServerOptions options)
{
    private static readonly PatternOptions StoredPatterns = new() { MaxPatternLength = int.MaxValue };

    /// <param name="askingAccount">When set (strict auth), the bus must belong to this account.</param>
    public ExplainReport Explain(ExplainRequest request, string? askingAccount)
    {
        if (request.EventId is { } eventId)
        {
            if (request.Event is not null)
                throw new DiagnosticsException(400, "give either event or eventId, not both");
            if (!recentEvents.TryFind(eventId, out var recent))
                throw new DiagnosticsException(404, $"event {eventId} is not among the recent events this server keeps");
            var recentBus = FindBus(recent.BusScope, recent.BusName, askingAccount);
            return ExplainOnBus(recentBus, recent.Envelope, recent.Hop);
        }

        if (request.Event is not { ValueKind: JsonValueKind.Object } given)
            throw new DiagnosticsException(400, "event must be a JSON object (the full event: source, detail-type, detail, ...), or give eventId");
        var account = request.Account ?? askingAccount ?? Text(given, "account") ?? options.DefaultAccount;
        var region = request.Region ?? Text(given, "region") ?? options.DefaultRegion;
        var scope = new AccountRegion(account, region);
        var (busScope, busName) = ResolveBus(request.EventBusName, scope);
        var bus = FindBus(busScope, busName, askingAccount);
        return ExplainOnBus(bus, Complete(given, scope), hop: 0);
    }

    /// <summary>How an event arrived through a bus target: the receiving bus's decision, made for the sending rule (null within one account).</summary>
    private sealed record Arrival(AccessVerdict? Verdict);

    /// <summary>
    /// What the bus does with the event; <paramref name="hop"/> counts the bus-to-bus hops the event already made.
    /// <paramref name="arrival"/> is set when the event is followed from a rule's bus target (already authorized there).
    /// </summary>
    private ExplainReport ExplainOnBus(EventBus bus, byte[] envelope, int hop, Arrival? arrival = null)
    {
        using var document = JsonDocument.Parse(envelope);
        var root = document.RootElement;
        var eventAccount = Text(root, "account") ?? bus.AccountId;
        var source = Text(root, "source");
        var detailType = Text(root, "detail-type");
        var notes = new List<string>();

        var admission = arrival?.Verdict;
        if (arrival is not null)
        {
            if (admission is not null) notes.Add($"the event arrives through a rule of account {admission.CallerAccount}, authorized against this bus's policy at delivery");
        }
        else if (eventAccount != bus.AccountId)
        {
            // Another account's event: the bus takes it only where its policy allows that account to PutEvents,
            // with the event's source and detail-type as condition keys (as PutEvents and bus targets ask).
            admission = access.Decide(bus, new BusAccessAuthorizer.Request(eventAccount, "events:PutEvents", bus.Arn)
            {
                Sources = source is null ? null : [source],
                DetailTypes = detailType is null ? null : [detailType],
                EventBusInvocation = hop > 0,
            });
            notes.Add(hop > 0
                ? $"the event came from account {eventAccount} through a rule's bus target"
                : $"the event is from account {eventAccount}: judged as its direct PutEvents to this bus");
        }
        var admitted = admission?.Allowed ?? true;
        if (!admitted) notes.Add("the bus refuses the event, so none of its rules would see it; the rules below say what they would do");

        var verdicts = rules.List(bus.Scope, bus.Name).Select(rule => Judge(rule, envelope, hop)).ToList();
        if (verdicts.Count == 0) notes.Add("the bus has no rules");
        return new ExplainReport
        {
            EventId = Text(root, "id"),
            EventBusArn = bus.Arn,
            BusAccount = bus.AccountId,
            EventAccount = eventAccount,
            Source = source,
            DetailType = detailType,
            Admitted = admitted,
            Admission = admission,
            Matched = admitted && verdicts.Any(v => v.Outcome == RuleOutcomes.Matched),
            Rules = verdicts,
            Notes = notes,
        };
    }

    private RuleVerdict Judge(Rule rule, byte[] envelope, int hop)
    {
        if (rule.EventPattern is null)
            return new RuleVerdict(rule.Name, rule.Arn, rule.State, RuleOutcomes.ScheduleOnly,
                Reason: "the rule has a schedule and no event pattern: it runs on its schedule, events never match it",
                ScheduleExpression: rule.ScheduleExpression);

        PatternExplanation explanation;
        try
        {
            explanation = PatternExplainer.Explain(EventPattern.Parse(rule.EventPattern, StoredPatterns), envelope);
        }
        catch (InvalidEventPatternException error)
        {
            return new RuleVerdict(rule.Name, rule.Arn, rule.State, RuleOutcomes.InvalidPattern,
                Reason: $"the stored pattern no longer parses, so the rule matches nothing: {error.Message}");
        }

        if (!rule.IsEnabled)
            return new RuleVerdict(rule.Name, rule.Arn, rule.State, RuleOutcomes.Disabled,
                explanation.FailedPath, explanation.Reason ?? "the rule is disabled", explanation.Matched, rule.ScheduleExpression);
        if (!explanation.Matched)
            return new RuleVerdict(rule.Name, rule.Arn, rule.State, RuleOutcomes.NotMatched,
                explanation.FailedPath, explanation.Reason, ScheduleExpression: rule.ScheduleExpression);
        return new RuleVerdict(rule.Name, rule.Arn, rule.State, RuleOutcomes.Matched,
            ScheduleExpression: rule.ScheduleExpression,
            Targets: rule.Targets.Select(t => Follow(rule, t, envelope, hop)).ToList());
    }

    /// <summary>Where a matched rule sends the event: for an event-bus target, the policy decision and the next bus's rules.</summary>
    private TargetVerdict Follow(Rule rule, RuleTarget target, byte[] envelope, int hop)
    {
        var arn = target.Arn;
        if (!Arns.TryParse(arn, out var parsed) || !Arns.TryGetEventBus(parsed, out var nextBus))
            return new TargetVerdict(target.Id, arn);

        // The dispatcher's and the bus-target invoker's own decisions (BusTargetDecisions), asked the same way.
        if (BusTargetDecisions.ExceedsHopLimit(parsed, hop))
            return new TargetVerdict(target.Id, arn,
                "dropped: the event already came from another bus, and EventBridge routes an event across one bus-to-bus hop only");
        if (!buses.TryGet(nextBus.Scope, nextBus.Name, out var next))
            return new TargetVerdict(target.Id, arn, "the target event bus does not exist: the delivery would fail (NO_RESOURCE)");

        AccessVerdict? verdict = null;
        using var document = JsonDocument.Parse(envelope);
        var source = Text(document.RootElement, "source");
        var detailType = Text(document.RootElement, "detail-type");
        if (BusTargetDecisions.CrossAccountRequest(rule, nextBus, arn, source, detailType) is { } request)
        {
            verdict = access.Decide(next, request);
            if (!verdict.Allowed)
                return new TargetVerdict(target.Id, arn, "the receiving bus's policy refuses it: the delivery would fail (NO_PERMISSIONS)", verdict);
        }
        // Across regions the event gets a new id; no pattern can tell, so the envelope is judged as it is.
        return new TargetVerdict(target.Id, arn, null, verdict, ExplainOnBus(next, envelope, hop + 1, new Arrival(verdict)));
    }

    private EventBus FindBus(AccountRegion scope, string name, string? askingAccount)
    {
        if (askingAccount is not null && scope.AccountId != askingAccount)
            throw new DiagnosticsException(403, $"account {askingAccount} may explain only its own buses, not {Arns.EventBus(scope, name)}");
        if (!buses.TryGet(scope, name, out var bus))
            throw new DiagnosticsException(404, $"event bus {Arns.EventBus(scope, name)} does not exist");
        return bus;
    }

    private static (AccountRegion, string) ResolveBus(string? nameOrArn, AccountRegion scope)
    {
        if (string.IsNullOrEmpty(nameOrArn)) return (scope, EventBuses.DefaultBusName);
        if (!Arns.TryParse(nameOrArn, out var arn)) return (scope, nameOrArn);
        if (!Arns.TryGetEventBus(arn, out var bus))
            throw new DiagnosticsException(400, $"not an event bus ARN: {nameOrArn}");
        return (bus.Scope, bus.Name);
    }

    /// <summary>
    /// The event as the bus would see it: an event that does not say its <c>account</c> or <c>region</c> gets the
    /// asking account's and region (PutEvents fills them in the same way), so patterns on them are judged fairly.
    /// </summary>
    private static byte[] Complete(JsonElement given, AccountRegion scope)
    {
        var node = JsonObject.Create(given)!.DeepClone().AsObject();
        if (!node.ContainsKey("account")) node["account"] = scope.AccountId;
        if (!node.ContainsKey("region")) node["region"] = scope.Region;
        return JsonSerializer.SerializeToUtf8Bytes(node, DiagnosticsJsonContext.Default.JsonObject);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
