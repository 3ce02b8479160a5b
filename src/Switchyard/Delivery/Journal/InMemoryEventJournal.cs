using Switchyard.Domain.Routing;
namespace Switchyard.Delivery.Journal;

/// <summary>
/// The journal of <c>--in-memory</c> servers: ids are handed out, nothing is stored (a restart forgets everything,
/// as the rest of the in-memory state does).
/// </summary>
public sealed class InMemoryEventJournal : IEventJournal
{
    private long _nextId;

    // The deliveries not yet completed and when their events were ingested, for Status(). They are all in memory
    // anyway (an in-memory server has no disk backlog), so this map adds a fixed amount per delivery.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, DateTimeOffset> _pending = new();

    public ValueTask<IReadOnlyList<PendingDelivery>> AppendAsync(IReadOnlyList<AcceptedEvent> events, IReadOnlyList<DeliveryTask> deliveries, CancellationToken cancellation)
    {
        var rows = JournalRows.Pair(events, deliveries, () => Interlocked.Increment(ref _nextId));
        foreach (var row in rows) _pending[row.Id] = row.Event.IngestedAt;
        return ValueTask.FromResult<IReadOnlyList<PendingDelivery>>(rows);
    }

    public void Complete(long deliveryId) => _pending.TryRemove(deliveryId, out _);

    public JournalStatus Status()
    {
        DateTimeOffset? oldest = null;
        var count = 0L;
        foreach (var (_, ingestedAt) in _pending)
        {
            count++;
            if (oldest is null || ingestedAt < oldest) oldest = ingestedAt;
        }
        return new JournalStatus(Open: true, count, oldest, SizeOnDiskBytes: 0);
    }

    public IReadOnlyList<PendingDelivery> LoadPending() => [];

    public bool HasDiskBacklog => false;

    public ValueTask<IReadOnlyList<PendingDelivery>> RefillAsync(int max) => ValueTask.FromResult<IReadOnlyList<PendingDelivery>>([]);

    public void Dispose()
    {
    }
}
