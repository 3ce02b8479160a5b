using Switchyard.Domain.Archives;
using Switchyard.Domain.Buses;
using Switchyard.Domain.Rules;

namespace Switchyard.Domain.Routing;

/// <summary>
/// Puts events on buses: matches each against its bus's enabled rules, turns every target of every matched rule into
/// a delivery, and hands events and deliveries to the sink, which makes them durable before this completes.
/// Used by PutEvents, by bus targets (events arriving from another bus) and by replays.
/// </summary>
public sealed class EventIngestor(EventBusCatalog buses, BusRouter router, IEventSink sink)
{
    /// <summary>An event bound for one bus; <see cref="AcceptedEvent.Hop"/> counts the bus-to-bus hops so far.</summary>
    public sealed record Submission(string EventId, AccountRegion BusScope, string BusName, byte[] Envelope, DateTimeOffset IngestedAt, int Hop);

    [ThreadStatic]
    private static List<Rule>? t_matched;

    public ValueTask IngestAsync(IReadOnlyList<Submission> submissions, CancellationToken cancellation) =>
        IngestAsync(submissions, receives: null, cancellation);

    /// <summary>
    /// As above, with only the matched rules <paramref name="receives"/> accepts (a replay's Destination.FilterArns);
    /// null for every matched rule. The rest of the path (matching, journal, targets) is the same.
    /// </summary>
    public ValueTask IngestAsync(IReadOnlyList<Submission> submissions, Predicate<Rule>? receives, CancellationToken cancellation)
    {
        var events = new List<AcceptedEvent>(submissions.Count);
        var deliveries = new List<DeliveryTask>();
        var matched = t_matched ??= new List<Rule>(16);
        foreach (var submission in submissions)
        {
            // An event for a bus that does not exist is accepted and dropped, as on AWS.
            if (!buses.TryGet(submission.BusScope, submission.BusName, out _)) continue;
            matched.Clear();
            router.Match(submission.BusScope, submission.BusName, submission.Envelope, matched);
            List<string>? archives = null;
            foreach (var rule in matched)
            {
                // An archive's managed rule has no targets: what it matches goes into the archive, with the event.
                if (ArchiveRules.IsArchiveRule(rule)) (archives ??= []).Add(ArchiveRules.ArchiveArn(rule));
                if (receives is not null && !receives(rule)) continue;
                foreach (var target in rule.Targets)
                    deliveries.Add(new DeliveryTask(submission.EventId, rule.Scope, rule.BusName, rule.Name, target.Id));
            }
            events.Add(new AcceptedEvent(submission.EventId, submission.BusScope, submission.BusName, submission.Envelope, submission.IngestedAt, submission.Hop)
            {
                Archives = archives is null ? null : new ArchiveCapture(archives, ArchiveCapture.EventTimeOf(submission.Envelope, submission.IngestedAt)),
            });
        }
        return events.Count == 0 ? ValueTask.CompletedTask : sink.AcceptAsync(events, deliveries, cancellation);
    }
}
