namespace Switchyard.Delivery.Journal;

/// <summary>
/// Where accepted events and their deliveries are kept until they are delivered. <see cref="AppendAsync"/> completes
/// only once the rows are durable; <see cref="Complete"/> may be applied lazily (a delivery finished but not yet
/// removed is delivered again after a crash: at least once).
/// </summary>
public interface IEventJournal : IDisposable
{
    /// <summary>Stores the deliveries (each with its event) and returns them with their journal ids.</summary>
    ValueTask<IReadOnlyList<PendingDelivery>> AppendAsync(IReadOnlyList<AcceptedEvent> events, IReadOnlyList<DeliveryTask> deliveries, CancellationToken cancellation);

    /// <summary>Marks a delivery finished (delivered, dead-lettered, failed or dropped); it will not be resumed.</summary>
    void Complete(long deliveryId);

    /// <summary>Every delivery not yet completed, oldest first: what a restart resumes.</summary>
    IReadOnlyList<PendingDelivery> LoadPending();
}
