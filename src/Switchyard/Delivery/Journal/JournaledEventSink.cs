using Switchyard.Delivery.Dispatch;
using Switchyard.Delivery.Metrics;
using Switchyard.Domain.Routing;

namespace Switchyard.Delivery.Journal;

/// <summary>
/// The <see cref="IEventSink"/>: writes the events and their deliveries to the journal, waits until they are durable, then hands
/// them to the dispatcher's queue. Counts MatchedEvents / TriggeredRules on the way (per event and rule).
/// </summary>
public sealed class JournaledEventSink(IEventJournal journal, DeliveryQueue queue, RecentEventIndex recent, DeliveryMetrics metrics) : IEventSink
{
    public async ValueTask AcceptAsync(IReadOnlyList<AcceptedEvent> events, IReadOnlyList<DeliveryTask> deliveries, CancellationToken cancellation)
    {
        foreach (var accepted in events) recent.Add(accepted);
        CountMatches(deliveries);
        // Every accepted event is made durable, also one that no rule with targets matched.
        var pending = await journal.AppendAsync(events, deliveries, cancellation);
        foreach (var delivery in pending) queue.Enqueue(delivery);
    }

    /// <summary>
    /// One match per (event, rule): the ingestor lists a rule's targets one after another, so a change of event or
    /// rule between neighbours marks the next match.
    /// </summary>
    private void CountMatches(IReadOnlyList<DeliveryTask> deliveries)
    {
        DeliveryTask? previous = null;
        foreach (var task in deliveries)
        {
            if (previous is null || previous.EventId != task.EventId || previous.RuleName != task.RuleName
                || previous.BusName != task.BusName || previous.RuleScope != task.RuleScope)
            {
                var series = metrics.Rule(task.RuleScope, task.BusName, task.RuleName);
                series.MatchedEvents.Inc();
                series.TriggeredRules.Inc();
            }
            previous = task;
        }
    }
}
