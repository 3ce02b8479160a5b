using Prometheus;
using Switchyard.Delivery.Journal;

namespace Switchyard.Delivery.Metrics;

/// <summary>
/// Gauges an operator alerts on, read from the journal at each scrape: deliveries not yet finished, the age of the
/// oldest of them (a stuck target shows as a growing age long before a full disk) and the journal's size on disk.
/// </summary>
public sealed class JournalGauges
{
    public JournalGauges(DeliveryMetrics metrics, IEventJournal journal, TimeProvider time)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(metrics.Registry);
        var pending = factory.CreateGauge("switchyard_pending_deliveries", "Deliveries in the journal not yet delivered, dead-lettered or dropped.");
        var oldest = factory.CreateGauge("switchyard_oldest_pending_delivery_age_seconds", "Seconds since the event of the oldest pending delivery was ingested (0 when none is pending).");
        var size = factory.CreateGauge("switchyard_journal_size_bytes", "Bytes of the event journal on disk, write-ahead log included (0 in memory).");
        var open = factory.CreateGauge("switchyard_journal_open", "1 while the journal accepts writes, else 0.");
        metrics.Registry.AddBeforeCollectCallback(() =>
        {
            var status = journal.Status();
            pending.Set(status.PendingDeliveries);
            oldest.Set(status.OldestPendingIngestedAt is { } at ? Math.Max(0, (time.GetUtcNow() - at).TotalSeconds) : 0);
            size.Set(status.SizeOnDiskBytes);
            open.Set(status.Open ? 1 : 0);
        });
    }
}
