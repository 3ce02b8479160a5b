using System.Threading.Channels;
using Switchyard.Delivery.Journal;

namespace Switchyard.Delivery.Dispatch;

/// <summary>
/// Deliveries ready for an attempt. The sink adds new ones, the retry timers add due ones, the dispatcher's workers
/// take them. A class of its own so that the sink does not depend on the dispatcher (whose invokers depend on the
/// ingestor, which depends on the sink).
/// </summary>
public sealed class DeliveryQueue
{
    private readonly Channel<PendingDelivery> _ready = Channel.CreateUnbounded<PendingDelivery>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });

    public void Enqueue(PendingDelivery delivery) => _ready.Writer.TryWrite(delivery);

    public ChannelReader<PendingDelivery> Reader => _ready.Reader;

    /// <summary>Deliveries waiting for a worker (not those waiting for a retry timer).</summary>
    public int Count => _ready.Reader.Count;
}
