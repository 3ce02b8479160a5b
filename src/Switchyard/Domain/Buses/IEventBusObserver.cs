namespace Switchyard.Domain.Buses;

/// <summary>Told of every change to an existing bus (policy, description, ...), made here or by another process on the
/// same database; called on the thread applying the change feed, one change at a time.</summary>
public interface IEventBusObserver
{
    void BusChanged(EventBus before, EventBus after);
}
