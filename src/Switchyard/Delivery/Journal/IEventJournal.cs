using Switchyard.Domain.Routing;
namespace Switchyard.Delivery.Journal;

/// <summary>
/// Where accepted events and their deliveries are kept until they are delivered. <see cref="AppendAsync"/> completes
/// only once the rows are durable; <see cref="Complete"/> may be applied lazily (a delivery finished but not yet
/// removed is delivered again after a crash: at least once).
/// </summary>
public interface IEventJournal : IDisposable
{
    /// <summary>
    /// Stores the deliveries (each with its event) and returns those to work on now, with their journal ids: all of
    /// them, or none while the memory backlog is full (they are handed out later by <see cref="RefillAsync"/>).
    /// </summary>
    ValueTask<IReadOnlyList<PendingDelivery>> AppendAsync(IReadOnlyList<AcceptedEvent> events, IReadOnlyList<DeliveryTask> deliveries, CancellationToken cancellation);

    /// <summary>Marks a delivery finished (delivered, dead-lettered, failed or dropped); it will not be resumed.</summary>
    void Complete(long deliveryId);

    /// <summary>
    /// The deliveries not yet completed, oldest first, up to the memory backlog: what a restart resumes. Any beyond
    /// that are handed out by <see cref="RefillAsync"/>.
    /// </summary>
    IReadOnlyList<PendingDelivery> LoadPending();

    /// <summary>True while deliveries are waiting in the journal only (appended or resumed beyond the memory backlog).</summary>
    bool HasDiskBacklog { get; }

    /// <summary>Up to <paramref name="max"/> of the deliveries waiting in the journal only, oldest first.</summary>
    ValueTask<IReadOnlyList<PendingDelivery>> RefillAsync(int max);

    /// <summary>The journal's state for <c>/metrics</c> and <c>/health</c>; reads it afresh (a query on disk).</summary>
    JournalStatus Status();
}
