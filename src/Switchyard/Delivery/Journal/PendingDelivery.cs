using Switchyard.Domain.Routing;
namespace Switchyard.Delivery.Journal;

/// <summary>
/// A delivery of the journal's work queue that this node is working on (it holds the row's lease). The attempt count
/// and last failure are stored with the row (<see cref="IEventJournal.Retry"/>), so a restart or another node
/// continues the count; the event's age counts from <see cref="AcceptedEvent.IngestedAt"/>.
/// </summary>
public sealed class PendingDelivery(long id, AcceptedEvent @event, DeliveryTask task)
{
    /// <summary>The journal key; the SQLite journal's database assigns it when the row is committed.</summary>
    public long Id { get; internal set; } = id;
    public AcceptedEvent Event { get; } = @event;
    public DeliveryTask Task { get; } = task;

    /// <summary>Attempts made so far (0 before the first).</summary>
    public int Attempts { get; set; }

    /// <summary>How the last attempt failed, for the dead letter if the event ages out before the next one.</summary>
    public InvocationResult? LastFailure { get; set; }
}
