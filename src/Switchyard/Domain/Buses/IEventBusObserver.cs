namespace Switchyard.Domain.Buses;

/// <summary>Told of every change made through <see cref="EventBusCatalog.Update"/> (policy, description, ...); called under the catalog's lock.</summary>
public interface IEventBusObserver
{
    void BusChanged(EventBus before, EventBus after);
}
