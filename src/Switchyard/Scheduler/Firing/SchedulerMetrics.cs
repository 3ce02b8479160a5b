using Prometheus;
using Switchyard.Delivery.Metrics;
using Switchyard.Domain;

namespace Switchyard.Scheduler.Firing;

/// <summary>
/// Scheduler's series on <c>GET /metrics</c> (the delivery module's registry): firings sent, firings skipped as too
/// old, and how late each firing went out. Deliveries of a firing count in the delivery series under
/// <c>event_bus=""</c> and <c>rule="GROUP/NAME"</c>.
/// </summary>
public sealed class SchedulerMetrics
{
    private static readonly string[] Labels = ["account", "region"];
    private readonly Counter _fired;
    private readonly Counter _skipped;
    private readonly Histogram _lateness;

    public SchedulerMetrics(DeliveryMetrics delivery)
    {
        var factory = Metrics.WithCustomRegistry(delivery.Registry);
        _fired = factory.CreateCounter("SchedulerFirings", "Schedule firings handed to delivery.", Labels);
        _skipped = factory.CreateCounter("SchedulerSkippedFirings", "Firings missed for longer than the target's MaximumEventAgeInSeconds.", Labels);
        _lateness = factory.CreateHistogram("SchedulerFiringLatenessMilliseconds", "How long after its due time a firing went out.",
            new HistogramConfiguration { LabelNames = Labels, Buckets = Histogram.ExponentialBuckets(1, 2, 20) }); // 1 ms .. ~9 min
    }

    public void Fired(AccountRegion scope, TimeSpan lateness)
    {
        _fired.WithLabels(scope.AccountId, scope.Region).Inc();
        _lateness.WithLabels(scope.AccountId, scope.Region).Observe(Math.Max(0, lateness.TotalMilliseconds));
    }

    public void Skipped(AccountRegion scope) => _skipped.WithLabels(scope.AccountId, scope.Region).Inc();
}
