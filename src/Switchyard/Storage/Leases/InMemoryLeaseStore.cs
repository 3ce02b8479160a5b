namespace Switchyard.Storage.Leases;

/// <summary>The lease store of <c>--in-memory</c> servers (and of tests): the same contract, in a dictionary.</summary>
public sealed class InMemoryLeaseStore(TimeProvider? time = null) : ILeaseStore
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Dictionary<string, (string Holder, DateTimeOffset Expires)> _leases = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public bool TryAcquire(string name, string holder, TimeSpan duration)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (_leases.TryGetValue(name, out var lease) && lease.Holder != holder && lease.Expires > now) return false;
            _leases[name] = (holder, now + duration);
            return true;
        }
    }

    public bool Renew(string name, string holder, TimeSpan duration)
    {
        lock (_gate)
        {
            if (!_leases.TryGetValue(name, out var lease) || lease.Holder != holder) return false;
            _leases[name] = (holder, _time.GetUtcNow() + duration);
            return true;
        }
    }

    public void Release(string name, string holder)
    {
        lock (_gate)
        {
            if (_leases.TryGetValue(name, out var lease) && lease.Holder == holder) _leases.Remove(name);
        }
    }

    public string? HolderOf(string name)
    {
        lock (_gate)
        {
            return _leases.TryGetValue(name, out var lease) && lease.Expires > _time.GetUtcNow() ? lease.Holder : null;
        }
    }

    public void Dispose()
    {
    }
}
