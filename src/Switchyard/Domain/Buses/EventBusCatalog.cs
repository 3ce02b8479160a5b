using Switchyard.Storage.Catalog;

namespace Switchyard.Domain.Buses;

/// <summary>
/// All event buses of all accounts and regions, over the generic <see cref="ResourceCatalog{T}"/>: reads from its
/// cache, changes as compare-and-swap writes to the store that retry on a conflict, so concurrent read-modify-write
/// operations (two PutPermission calls on one bus, in one process or two) never lose an update.
/// </summary>
public sealed class EventBusCatalog
{
    public const string StateKind = "event-bus";

    private readonly TimeProvider _time;
    private readonly int _maxBusesPerRegion;
    private readonly ResourceCatalog<EventBus> _buses;

    public EventBusCatalog(ChangeFeedPump pump, TimeProvider time, int maxBusesPerRegion)
    {
        _time = time;
        _maxBusesPerRegion = maxBusesPerRegion;
        _buses = new ResourceCatalog<EventBus>(pump, StateKind, DomainJsonContext.Default.EventBus, ApiErrors.ConcurrentModification);
    }

    /// <summary>Finds a bus; the default bus of every account and region always exists (made on first use).</summary>
    public bool TryGet(AccountRegion scope, string name, out EventBus bus)
    {
        if (_buses.TryGet(scope.AccountId, scope.Region, name, out bus)) return true;
        if (name != EventBuses.DefaultBusName) return false;
        bus = EnsureDefault(scope);
        return true;
    }

    public EventBus Get(AccountRegion scope, string name) =>
        TryGet(scope, name, out var bus) ? bus : throw ApiErrors.EventBusNotFound(name);

    public IReadOnlyList<EventBus> List(AccountRegion scope)
    {
        EnsureDefault(scope);
        return _buses.InScope(scope.AccountId, scope.Region).OrderBy(b => b.Name, StringComparer.Ordinal).ToList();
    }

    /// <remarks>The per-region limit is exact within one process (its writers take turns); two processes creating
    /// buses in one region at the same moment can each see room for one more (docs/compat.md).</remarks>
    public EventBus Create(EventBus bus)
    {
        EnsureDefault(bus.Scope);
        return _buses.Change(bus.AccountId, bus.Region, bus.Name, current =>
        {
            if (current is not null) throw ApiErrors.AlreadyExists($"Event bus {bus.Name} already exists.");
            if (_buses.Count(bus.AccountId, bus.Region) >= _maxBusesPerRegion) throw ApiErrors.LimitExceeded();
            return bus;
        })!;
    }

    /// <summary>Registers an observer of later changes to existing buses (made through <see cref="Update"/> here or
    /// in another process on the same database).</summary>
    public void Observe(IEventBusObserver observer) =>
        _buses.Observe((before, after) =>
        {
            if (before is not null && after is not null) observer.BusChanged(before, after);
        }, replayExisting: false);

    /// <summary>Read-modify-write of one bus, retried on a concurrent change; the change function may throw to refuse
    /// and may run more than once.</summary>
    public EventBus Update(AccountRegion scope, string name, Func<EventBus, EventBus> change)
    {
        if (name == EventBuses.DefaultBusName) EnsureDefault(scope);
        return _buses.Change(scope.AccountId, scope.Region, name, current =>
        {
            if (current is null) throw ApiErrors.EventBusNotFound(name);
            var updated = change(current);
            return ReferenceEquals(updated, current) ? current : updated with { LastModifiedTime = _time.GetUtcNow() };
        })!;
    }

    /// <summary>Deletes a custom bus; the check may throw to refuse (for example while rules remain).</summary>
    public void Delete(AccountRegion scope, string name, Action<EventBus>? check = null) =>
        _buses.Change(scope.AccountId, scope.Region, name, current =>
        {
            if (current is null) return null;
            check?.Invoke(current);
            return null;
        });

    private EventBus EnsureDefault(AccountRegion scope) =>
        _buses.GetOrCreate(scope.AccountId, scope.Region, EventBuses.DefaultBusName, () =>
        {
            var now = _time.GetUtcNow();
            return new EventBus
            {
                AccountId = scope.AccountId,
                Region = scope.Region,
                Name = EventBuses.DefaultBusName,
                CreationTime = now,
                LastModifiedTime = now,
            };
        });
}
