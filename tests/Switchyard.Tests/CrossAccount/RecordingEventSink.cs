using System.Collections.Concurrent;
using Switchyard.Delivery;
using Switchyard.Domain.Routing;

namespace Switchyard.Tests.CrossAccount;

/// <summary>Remembers every event put on a bus, then hands them on to the server's own sink (when it has one).</summary>
public sealed class RecordingEventSink : IEventSink
{
    private readonly ConcurrentQueue<AcceptedEvent> _events = new();

    public IEventSink? Inner { get; set; }

    public IReadOnlyList<AcceptedEvent> Events => _events.ToList();

    public ValueTask AcceptAsync(IReadOnlyList<AcceptedEvent> events, IReadOnlyList<DeliveryTask> deliveries, CancellationToken cancellation)
    {
        foreach (var accepted in events) _events.Enqueue(accepted);
        return Inner?.AcceptAsync(events, deliveries, cancellation) ?? ValueTask.CompletedTask;
    }
}
