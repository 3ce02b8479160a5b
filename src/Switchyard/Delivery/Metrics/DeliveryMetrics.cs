using System.Collections.Concurrent;
using Prometheus;
using Switchyard.Domain;

namespace Switchyard.Delivery.Metrics;

/// <summary>
/// EventBridge's CloudWatch metrics, under their own names, as Prometheus series labelled by account, region, bus and
/// rule (and target where AWS has that dimension). Each server has its own registry, so several servers in one
/// process (the tests) keep separate counts. Labelled children are cached per rule and per target, so counting on
/// the ingest path is a dictionary lookup and an interlocked add.
/// </summary>
public sealed class DeliveryMetrics
{
    private static readonly string[] RuleLabels = ["account", "region", "event_bus", "rule"];
    private static readonly string[] TargetLabels = ["account", "region", "event_bus", "rule", "target"];

    private readonly Counter _matchedEvents;
    private readonly Counter _triggeredRules;
    private readonly Counter _invocations;
    private readonly Counter _failedInvocations;
    private readonly Counter _invocationAttempts;
    private readonly Counter _retryInvocationAttempts;
    private readonly Counter _successfulInvocationAttempts;
    private readonly Counter _deadLetterInvocations;
    private readonly Counter _failedToDeadLetter;
    private readonly Counter _droppedInvocations;
    private readonly Histogram _ingestionToInvocationStart;
    private readonly Histogram _ingestionToInvocationSuccess;
    private readonly ConcurrentDictionary<(AccountRegion, string, string), RuleSeries> _rules = new();
    private readonly ConcurrentDictionary<(AccountRegion, string, string, string), TargetSeries> _targets = new();

    public DeliveryMetrics()
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        _matchedEvents = factory.CreateCounter("MatchedEvents", "Events that matched the rule.", RuleLabels);
        _triggeredRules = factory.CreateCounter("TriggeredRules", "Times the rule ran on a matching event.", RuleLabels);
        _invocations = factory.CreateCounter("Invocations", "Deliveries to a target that finished (succeeded or failed for good).", TargetLabels);
        _failedInvocations = factory.CreateCounter("FailedInvocations", "Deliveries that failed for good (after retries, or not retryable).", TargetLabels);
        _invocationAttempts = factory.CreateCounter("InvocationAttempts", "Attempts to invoke a target, retries included.", TargetLabels);
        _retryInvocationAttempts = factory.CreateCounter("RetryInvocationAttempts", "Attempts that were retries.", TargetLabels);
        _successfulInvocationAttempts = factory.CreateCounter("SuccessfulInvocationAttempts", "Attempts that succeeded.", TargetLabels);
        _deadLetterInvocations = factory.CreateCounter("DeadLetterInvocations", "Failed deliveries sent to the target's dead-letter queue.", TargetLabels);
        _failedToDeadLetter = factory.CreateCounter("InvocationsFailedToBeSentToDlq", "Failed deliveries that could not be sent to the dead-letter queue.", TargetLabels);
        _droppedInvocations = factory.CreateCounter("DroppedInvocations", "Deliveries dropped without an attempt (rule or target gone, second bus-to-bus hop).", RuleLabels);
        var latencyBuckets = Histogram.ExponentialBuckets(1, 2, 18); // 1 ms .. ~2 min
        _ingestionToInvocationStart = factory.CreateHistogram("IngestionToInvocationStartLatency",
            "Milliseconds from ingestion to the first invocation attempt.", new HistogramConfiguration { LabelNames = RuleLabels, Buckets = latencyBuckets });
        _ingestionToInvocationSuccess = factory.CreateHistogram("IngestionToInvocationSuccessLatency",
            "Milliseconds from ingestion to a successful invocation.", new HistogramConfiguration { LabelNames = TargetLabels, Buckets = latencyBuckets });
    }

    public CollectorRegistry Registry { get; }

    public RuleSeries Rule(AccountRegion scope, string busName, string ruleName) =>
        _rules.GetOrAdd((scope, busName, ruleName), key =>
        {
            string[] labels = [key.Item1.AccountId, key.Item1.Region, key.Item2, key.Item3];
            return new RuleSeries(_matchedEvents.WithLabels(labels), _triggeredRules.WithLabels(labels),
                _droppedInvocations.WithLabels(labels), _ingestionToInvocationStart.WithLabels(labels));
        });

    public TargetSeries Target(AccountRegion scope, string busName, string ruleName, string targetId) =>
        _targets.GetOrAdd((scope, busName, ruleName, targetId), key =>
        {
            string[] labels = [key.Item1.AccountId, key.Item1.Region, key.Item2, key.Item3, key.Item4];
            return new TargetSeries(
                _invocations.WithLabels(labels), _failedInvocations.WithLabels(labels), _invocationAttempts.WithLabels(labels),
                _retryInvocationAttempts.WithLabels(labels), _successfulInvocationAttempts.WithLabels(labels),
                _deadLetterInvocations.WithLabels(labels), _failedToDeadLetter.WithLabels(labels), _ingestionToInvocationSuccess.WithLabels(labels));
        });

    public sealed record RuleSeries(Counter.Child MatchedEvents, Counter.Child TriggeredRules, Counter.Child Dropped, Histogram.Child IngestionToInvocationStart);

    public sealed record TargetSeries(
        Counter.Child Invocations,
        Counter.Child FailedInvocations,
        Counter.Child InvocationAttempts,
        Counter.Child RetryInvocationAttempts,
        Counter.Child SuccessfulInvocationAttempts,
        Counter.Child DeadLetterInvocations,
        Counter.Child InvocationsFailedToBeSentToDlq,
        Histogram.Child IngestionToInvocationSuccess);
}
