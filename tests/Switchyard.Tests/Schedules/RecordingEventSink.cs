using System.Text.Json;
using Switchyard.Delivery;
using Switchyard.Domain.Routing;

namespace Switchyard.Tests.Schedules;

/// <summary>An <see cref="IEventSink"/> that keeps what it is given and lets a test wait for it.</summary>
internal sealed class RecordingEventSink : IEventSink
{
    private readonly object _gate = new();
    private readonly List<(AcceptedEvent Event, IReadOnlyList<DeliveryTask> Deliveries)> _accepted = [];
    private readonly List<int> _batches = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<(AcceptedEvent Event, IReadOnlyList<DeliveryTask> Deliveries)> Accepted
    {
        get
        {
            lock (_gate) return _accepted.ToList();
        }
    }

    /// <summary>How many events each call handed over, in call order.</summary>
    public IReadOnlyList<int> Batches
    {
        get
        {
            lock (_gate) return _batches.ToList();
        }
    }

    public ValueTask AcceptAsync(IReadOnlyList<AcceptedEvent> events, IReadOnlyList<DeliveryTask> deliveries, CancellationToken cancellation)
    {
        lock (_gate)
        {
            _batches.Add(events.Count);
            foreach (var accepted in events) _accepted.Add((accepted, deliveries.Where(d => d.EventId == accepted.EventId).ToList()));
            var changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            changed.TrySetResult();
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>Waits (in real time, bounded) until at least <paramref name="count"/> events were accepted.</summary>
    public async Task<IReadOnlyList<(AcceptedEvent Event, IReadOnlyList<DeliveryTask> Deliveries)>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_accepted.Count >= count) return _accepted.ToList();
                changed = _changed.Task;
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException($"expected {count} events, got {Accepted.Count}");
            await Task.WhenAny(changed, Task.Delay(left));
        }
    }

    public static JsonElement Envelope(AcceptedEvent accepted) => JsonDocument.Parse(accepted.Envelope).RootElement;
}
