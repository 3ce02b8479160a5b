using System.Threading.Channels;
using Switchyard.Delivery.Journal;

namespace Switchyard.Delivery.Dispatch;

/// <summary>
/// Deliveries ready for an attempt. The sink adds new ones, the retry timers add due ones, the dispatcher's workers
/// take them. A class of its own so that the sink does not depend on the dispatcher (whose invokers depend on the
/// ingestor, which depends on the sink).
/// <para>
/// It also carries the refill signal: the journal raises it when a commit leaves deliveries on disk only, the
/// workers when the queue has drained while such a backlog exists. The dispatcher's refill loop sleeps on it instead
/// of polling, so an idle server does no work at all.
/// </para>
/// </summary>
public sealed class DeliveryQueue
{
    private readonly Channel<PendingDelivery> _ready = Channel.CreateUnbounded<PendingDelivery>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });

    // Capacity one, extra signals dropped: an auto-reset event that remembers a signal raised while nobody waited,
    // so a backlog that appears between the refill loop's check and its wait still wakes it.
    private readonly Channel<bool> _refill = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    public void Enqueue(PendingDelivery delivery) => _ready.Writer.TryWrite(delivery);

    public ChannelReader<PendingDelivery> Reader => _ready.Reader;

    /// <summary>Deliveries waiting for a worker (not those waiting for a retry timer).</summary>
    public int Count => _ready.Reader.Count;

    /// <summary>Wakes the refill loop: deliveries may be waiting in the journal only, with room in the queue for them.</summary>
    public void SignalRefill() => _refill.Writer.TryWrite(true);

    /// <summary>Completes when <see cref="SignalRefill"/> was called since the last wait returned.</summary>
    public async ValueTask WaitForRefillSignalAsync(CancellationToken cancellation) => await _refill.Reader.ReadAsync(cancellation);
}
