using Switchyard.Domain.Routing;
namespace Switchyard.Delivery.Journal;

/// <summary>
/// A delivery written to the journal and not yet finished. <see cref="Id"/> is its journal key; the attempt count and
/// first-attempt time live only in memory (after a restart a delivery starts its retries afresh, but its age still
/// counts from <see cref="AcceptedEvent.IngestedAt"/>, so MaximumEventAgeInSeconds holds across restarts).
/// </summary>
public sealed class PendingDelivery(long id, AcceptedEvent @event, DeliveryTask task)
{
    /// <summary>The journal key; the SQLite journal assigns it when the row is committed (ids follow commit order).</summary>
    public long Id { get; internal set; } = id;
    public AcceptedEvent Event { get; } = @event;
    public DeliveryTask Task { get; } = task;

    /// <summary>Attempts made so far (0 before the first).</summary>
    public int Attempts { get; set; }

    /// <summary>How the last attempt failed, for the dead letter if the event ages out before the next one.</summary>
    public InvocationResult? LastFailure { get; set; }
}
