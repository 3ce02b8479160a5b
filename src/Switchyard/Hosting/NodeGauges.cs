using Prometheus;
using Switchyard.Delivery.Metrics;

namespace Switchyard.Hosting;

/// <summary>
/// <see cref="NodeStatus"/> as Prometheus gauges, read at each scrape: an info gauge naming the node and its storage
/// (always 1; the labels carry the facts, as Prometheus's <c>*_info</c> convention has it), one gauge per named lease
/// (1 while this node holds it: summed over a cluster's nodes each should be 1). The change feed has gauges of its own
/// (<c>switchyard_change_feed_*</c>).
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
        metrics.Registry.AddBeforeCollectCallback(() =>
        {
            var held = status.LeasesHeld();
            foreach (var name in status.LeaseNamesKept) lease.WithLabels(name).Set(held.Contains(name) ? 1 : 0);
        });
    }
}
