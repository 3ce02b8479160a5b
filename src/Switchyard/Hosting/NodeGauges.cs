using Prometheus;
using Switchyard.Delivery.Metrics;

namespace Switchyard.Hosting;

/// <summary>
/// <see cref="NodeStatus"/> as Prometheus gauges, read at each scrape: an info gauge naming the node and its storage
/// (always 1; the labels carry the facts, as Prometheus's <c>*_info</c> convention has it), one gauge per named lease
/// (1 while this node holds it: summed over a cluster's nodes each should be 1), and the change feed's applied and
/// newest sequence numbers and their difference (a node that stays behind has lost its feed).
/// </summary>
public sealed class NodeGauges
{
    public NodeGauges(DeliveryMetrics metrics, NodeStatus status)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(metrics.Registry);
        var info = factory.CreateGauge("switchyard_node_info", "This node: its name, lease holder id and storage backend (value always 1).",
            "node", "node_id", "storage", "database_host", "database");
        var storage = status.Storage;
        info.WithLabels(status.Node.Name, status.Node.Id, storage.Backend, storage.Host ?? "", storage.Database ?? "").Set(1);
        var lease = factory.CreateGauge("switchyard_lease_held", "1 while this node holds the named lease (scheduled-rule clock, Scheduler clock, retention), else 0.", "lease");
        var applied = factory.CreateGauge("switchyard_change_feed_applied_sequence", "The resource change feed's sequence number this node's caches have applied.");
        var latest = factory.CreateGauge("switchyard_change_feed_latest_sequence", "The newest committed change's sequence number (unchanged while the store cannot be read).");
        var behind = factory.CreateGauge("switchyard_change_feed_behind_changes", "Committed changes not yet in this node's caches.");
        var readable = factory.CreateGauge("switchyard_change_feed_readable", "1 when the last scrape could read the change feed's newest sequence number, else 0.");
        metrics.Registry.AddBeforeCollectCallback(() =>
        {
            var held = status.LeasesHeld();
            foreach (var name in status.LeaseNamesKept) lease.WithLabels(name).Set(held.Contains(name) ? 1 : 0);
            var feed = status.ChangeFeed();
            applied.Set(feed.AppliedSequence);
            readable.Set(feed.Latest is null ? 0 : 1);
            if (feed.Latest is { } newest) latest.Set(newest);
            if (feed.Behind is { } count) behind.Set(count);
        });
    }
}
