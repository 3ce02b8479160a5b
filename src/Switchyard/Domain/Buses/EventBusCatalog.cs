using Switchyard.Storage;

namespace Switchyard.Domain.Buses;

/// <summary>
/// All event buses of all accounts and regions: reads come from memory, every change is written through to the
/// state store before it becomes visible. Changes are serialized by one lock, so concurrent read-modify-write
/// operations (such as two PutPermission calls on one bus) never lose an update.
/// </summary>
public sealed class EventBusCatalog : IResettableState
{
    public const string StateKind = "event-bus";

    private readonly TimeProvider _time;
    private readonly int _maxBusesPerRegion;
    private readonly PersistentCollection<EventBus> _buses;
    private readonly object _writeGate = new();
    private readonly List<IEventBusObserver> _observers = [];

    public EventBusCatalog(IStateStore store, TimeProvider time, int maxBusesPerRegion)
    {
        _time = time;
        _maxBusesPerRegion = maxBusesPerRegion;
        _buses = new PersistentCollection<EventBus>(store, StateKind, DomainJsonContext.Default.EventBus, b => Key(b.Scope, b.Name));
    }

    /// <summary>Finds a bus; the default bus of every account and region always exists (made on first use).</summary>
    public bool TryGet(AccountRegion scope, string name, out EventBus bus)
    {
        if (_buses.TryGet(Key(scope, name), out bus)) return true;
        if (name != EventBuses.DefaultBusName) return false;
        bus = EnsureDefault(scope);
        return true;
    }

    public EventBus Get(AccountRegion scope, string name) =>
        TryGet(scope, name, out var bus) ? bus : throw ApiErrors.EventBusNotFound(name);

    public IReadOnlyList<EventBus> List(AccountRegion scope)
    {
        EnsureDefault(scope);
        return _buses.Values.Where(b => b.Scope == scope).OrderBy(b => b.Name, StringComparer.Ordinal).ToList();
    }

    public EventBus Create(EventBus bus)
    {
        lock (_writeGate)
        {
            EnsureDefault(bus.Scope);
            if (_buses.Contains(Key(bus.Scope, bus.Name)))
                throw ApiErrors.AlreadyExists($"Event bus {bus.Name} already exists.");
            if (_buses.Values.Count(b => b.Scope == bus.Scope) >= _maxBusesPerRegion)
                throw ApiErrors.LimitExceeded();
            _buses.Put(bus);
            return bus;
        }
    }

    /// <summary>Registers an observer of later changes made through <see cref="Update"/>.</summary>
    public void Observe(IEventBusObserver observer)
    {
        lock (_writeGate) _observers.Add(observer);
    }

    /// <summary>Read-modify-write of one bus under the write lock; the change function may throw to refuse.</summary>
    public EventBus Update(AccountRegion scope, string name, Func<EventBus, EventBus> change)
    {
        lock (_writeGate)
        {
            var current = Get(scope, name);
            var updated = change(current);
            if (ReferenceEquals(updated, current)) return current;
            updated = updated with { LastModifiedTime = _time.GetUtcNow() };
            _buses.Put(updated);
            foreach (var observer in _observers) observer.BusChanged(current, updated);
            return updated;
        }
    }

    /// <summary>Deletes a custom bus; the check may throw to refuse (for example while rules remain).</summary>
    public void Delete(AccountRegion scope, string name, Action<EventBus>? check = null)
    {
        lock (_writeGate)
        {
            if (!_buses.TryGet(Key(scope, name), out var bus)) return;
            check?.Invoke(bus);
            _buses.Remove(Key(scope, name));
        }
    }

    /// <summary>Forgets everything in memory (the store is cleared by the caller).</summary>
    public void Clear()
    {
        lock (_writeGate) _buses.ClearMemory();
    }

    private EventBus EnsureDefault(AccountRegion scope)
    {
        var key = Key(scope, EventBuses.DefaultBusName);
        if (_buses.TryGet(key, out var existing)) return existing;
        lock (_writeGate)
        {
            if (_buses.TryGet(key, out existing)) return existing;
            var now = _time.GetUtcNow();
            var bus = new EventBus
            {
                AccountId = scope.AccountId,
                Region = scope.Region,
                Name = EventBuses.DefaultBusName,
                CreationTime = now,
                LastModifiedTime = now,
            };
            _buses.Put(bus);
            return bus;
        }
    }

    private static string Key(AccountRegion scope, string name) => $"{scope.AccountId}/{scope.Region}/{name}";
}
