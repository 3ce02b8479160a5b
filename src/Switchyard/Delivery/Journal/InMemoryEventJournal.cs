namespace Switchyard.Delivery.Journal;

/// <summary>
/// The journal of <c>--in-memory</c> servers: ids are handed out, nothing is stored (a restart forgets everything,
/// as the rest of the in-memory state does).
/// </summary>
public sealed class InMemoryEventJournal : IEventJournal
{
    private long _nextId;

    public ValueTask<IReadOnlyList<PendingDelivery>> AppendAsync(IReadOnlyList<AcceptedEvent> events, IReadOnlyList<DeliveryTask> deliveries, CancellationToken cancellation) =>
        ValueTask.FromResult<IReadOnlyList<PendingDelivery>>(JournalRows.Pair(events, deliveries, () => Interlocked.Increment(ref _nextId)));

    public void Complete(long deliveryId)
    {
    }

    public IReadOnlyList<PendingDelivery> LoadPending() => [];

    public bool HasDiskBacklog => false;

    public ValueTask<IReadOnlyList<PendingDelivery>> RefillAsync(int max) => ValueTask.FromResult<IReadOnlyList<PendingDelivery>>([]);

    public void Dispose()
    {
    }
}
