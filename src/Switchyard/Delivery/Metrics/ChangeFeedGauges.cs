using Switchyard.Storage.Catalog;

namespace Switchyard.Delivery.Metrics;

/// <summary>
/// The change feed's state as gauges, read from the pump at each scrape (<see cref="ChangeFeedPump.Status"/>): an
/// operator alerts on a lag that grows or a node that lost its connection to the shared database.
/// </summary>
public sealed class ChangeFeedGauges
{
    public ChangeFeedGauges(DeliveryMetrics metrics, ChangeFeedPump pump)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(metrics.Registry);
        var lag = factory.CreateGauge("switchyard_change_feed_lag_seconds", "Seconds since this node last confirmed its resource caches held every committed change (0 when it is the store's only writer).");
        var connected = factory.CreateGauge("switchyard_change_feed_connected", "1 while this node hears the database's change notifications (or, without them, its last read succeeded), else 0.");
        var applied = factory.CreateGauge("switchyard_change_feed_applied_sequence", "The sequence number up to which this node has applied the resource change feed.");
        var known = factory.CreateGauge("switchyard_change_feed_last_sequence", "The database's last resource change sequence number when this node last read it.");
        metrics.Registry.AddBeforeCollectCallback(() =>
        {
            var status = pump.Status();
            lag.Set(status.LagSeconds);
            connected.Set(status.Connected ? 1 : 0);
            applied.Set(status.AppliedSequence);
            known.Set(status.LastKnownSequence);
        });
    }
}
