using Switchyard.Delivery.Archives;
using Switchyard.Domain.Routing;
namespace Switchyard.Delivery.Journal;

/// <summary>
/// The journal of <c>--in-memory</c> servers: the work queue's semantics without storage (a restart forgets
/// everything, as the rest of the in-memory state does). Appended deliveries are leased to this process at once;
/// a retry gives its delivery up until its next-attempt time, and a claim takes those that are due. Nothing else can
/// hold a lease here, so none expires. The event log is not kept: events live as long as their deliveries; archived
/// events are kept, in <see cref="InMemoryArchiveEvents"/>.
/// </summary>
public sealed class InMemoryEventJournal(TimeProvider? time = null) : IEventJournal, IArchiveStore
{
    private readonly InMemoryArchiveEvents _archives = new();

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private long _nextId;

    // The deliveries not yet completed and when their events were ingested, for Status(). They are all in memory
    // anyway (an in-memory server has no disk backlog), so this map adds a fixed amount per delivery.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, DateTimeOffset> _pending = new();

    // Deliveries waiting for their retry, by next-attempt time then id (under _gate).
    private readonly PriorityQueue<PendingDelivery, (DateTimeOffset Due, long Id)> _waiting = new();

    public ValueTask<IReadOnlyList<PendingDelivery>> AppendAsync(IReadOnlyList<AcceptedEvent> events, IReadOnlyList<DeliveryTask> deliveries, CancellationToken cancellation)
    {
        var rows = JournalRows.Pair(events, deliveries, () => Interlocked.Increment(ref _nextId));
        foreach (var row in rows) _pending[row.Id] = row.Event.IngestedAt;
        _archives.Capture(events);
        return ValueTask.FromResult<IReadOnlyList<PendingDelivery>>(rows);
    }

    public void Complete(long deliveryId) => _pending.TryRemove(deliveryId, out _);

    public void Retry(PendingDelivery delivery, DateTimeOffset nextAttemptAt)
    {
        lock (_gate) _waiting.Enqueue(delivery, (nextAttemptAt, delivery.Id));
    }

    public ValueTask<DeliveryClaim> ClaimAsync(int max, CancellationToken cancellation)
    {
        var now = _time.GetUtcNow();
        var claimed = new List<PendingDelivery>();
        lock (_gate)
        {
            while (claimed.Count < max && _waiting.TryPeek(out var delivery, out var due) && due.Due <= now)
            {
                _waiting.Dequeue();
                if (_pending.ContainsKey(delivery.Id)) claimed.Add(delivery);
            }
            DateTimeOffset? next = _waiting.TryPeek(out _, out var first) ? first.Due : null;
            return ValueTask.FromResult(new DeliveryClaim(claimed, next));
        }
    }

    public bool HasDiskBacklog => false;

    public IReadOnlyList<ArchivedEvent> Read(string archiveArn, DateTimeOffset from, DateTimeOffset to, long afterPosition, int max) =>
        _archives.Read(archiveArn, from, to, afterPosition, max);

    public ArchiveTotals Totals(string archiveArn) => _archives.Totals(archiveArn);

    public ValueTask<long> RemoveAsync(string archiveArn, DateTimeOffset? archivedBefore, CancellationToken cancellation) =>
        _archives.RemoveAsync(archiveArn, archivedBefore, cancellation);

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

    public void Dispose()
    {
    }
}
