using Switchyard.Domain.Routing;
namespace Switchyard.Delivery.Journal;

/// <summary>
/// The event log and the delivery work queue. Every accepted event is appended to the log; each of its deliveries is
/// a row of the queue with its attempt count, next-attempt time and a lease (owner node, expiry). A node works on the
/// rows it has leased: those it appended (leased to it at insert time) and those it claims. A crashed node's rows are
/// claimable again once their leases expire. <see cref="AppendAsync"/> completes only once the rows are durable;
/// <see cref="Complete"/> and <see cref="Retry"/> may be applied lazily, in batches (a delivery finished but not yet
/// removed is delivered again after a crash: at least once).
/// </summary>
public interface IEventJournal : IDisposable
{
    /// <summary>
    /// Stores the events and their deliveries and returns those to work on now, leased to this node, with their ids:
    /// all of them, or none while the memory backlog is full (they wait unleased and are claimed later).
    /// </summary>
    ValueTask<IReadOnlyList<PendingDelivery>> AppendAsync(IReadOnlyList<AcceptedEvent> events, IReadOnlyList<DeliveryTask> deliveries, CancellationToken cancellation);

    /// <summary>Marks a delivery finished (delivered, dead-lettered, failed or dropped); it will not be resumed.</summary>
    void Complete(long deliveryId);

    /// <summary>
    /// Records a failed attempt (the delivery's <see cref="PendingDelivery.Attempts"/> and
    /// <see cref="PendingDelivery.LastFailure"/>) and gives up its lease: any node may claim it from
    /// <paramref name="nextAttemptAt"/>, also after a restart.
    /// </summary>
    void Retry(PendingDelivery delivery, DateTimeOffset nextAttemptAt);

    /// <summary>
    /// Leases up to <paramref name="max"/> deliveries that are due (waiting unleased, due for a retry, or leased by a
    /// node whose lease expired), oldest due first, and says when the next one not claimed now becomes claimable.
    /// </summary>
    ValueTask<DeliveryClaim> ClaimAsync(int max, CancellationToken cancellation);

    /// <summary>True while deliveries are known to wait, due, in the journal only (appended beyond the memory backlog).</summary>
    bool HasDiskBacklog { get; }

    /// <summary>The journal's state for <c>/metrics</c> and <c>/health</c>; reads it afresh (a query on disk).</summary>
    JournalStatus Status();
}
