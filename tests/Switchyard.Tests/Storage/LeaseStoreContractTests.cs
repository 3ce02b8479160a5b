using Switchyard.Storage.Leases;
using Switchyard.Tests.Delivery;

namespace Switchyard.Tests.Storage;

/// <summary>
/// The lease contract every backend passes: one holder at a time, takeover only after expiry, renew and release by
/// the holder only. "Two processes" are two store instances over the same state (one SQLite file; one dictionary).
/// </summary>
public abstract class LeaseStoreContract : IDisposable
{
    protected static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-01-01T00:00:00Z");
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(30);
    private protected readonly ManualTimeProvider Clock = new(Start);
    private readonly List<ILeaseStore> _opened = [];

    /// <summary>A store instance; every instance of one test shares the same leases.</summary>
    protected abstract ILeaseStore CreateStore();

    private ILeaseStore Open()
    {
        var store = CreateStore();
        _opened.Add(store);
        return store;
    }

    [Fact]
    public void A_free_lease_is_acquired_and_a_second_holder_is_refused_while_it_runs()
    {
        var a = Open();
        var b = Open();
        Assert.True(a.TryAcquire("work", "node-a", Duration));
        Assert.False(b.TryAcquire("work", "node-b", Duration));
        Assert.Equal("node-a", b.HolderOf("work"));
        Clock.Advance(Duration - TimeSpan.FromMilliseconds(1));
        Assert.False(b.TryAcquire("work", "node-b", Duration));
        // Another name is another lease.
        Assert.True(b.TryAcquire("other", "node-b", Duration));
    }

    [Fact]
    public void An_expired_lease_is_taken_over_and_the_old_holder_can_no_longer_renew_it()
    {
        var a = Open();
        var b = Open();
        Assert.True(a.TryAcquire("work", "node-a", Duration));
        Clock.Advance(Duration);
        Assert.Null(b.HolderOf("work"));
        Assert.True(b.TryAcquire("work", "node-b", Duration));
        Assert.Equal("node-b", a.HolderOf("work"));
        Assert.False(a.Renew("work", "node-a", Duration));
        Assert.False(a.TryAcquire("work", "node-a", Duration));
    }

    [Fact]
    public void Renewing_extends_the_lease_past_its_first_expiry()
    {
        var a = Open();
        var b = Open();
        Assert.True(a.TryAcquire("work", "node-a", Duration));
        Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.True(a.Renew("work", "node-a", Duration));
        Clock.Advance(TimeSpan.FromSeconds(20)); // 40 s after the acquire, 20 s after the renewal
        Assert.False(b.TryAcquire("work", "node-b", Duration));
        Assert.Equal("node-a", b.HolderOf("work"));
        // Acquiring again as the holder extends too.
        Assert.True(a.TryAcquire("work", "node-a", Duration));
        Assert.False(b.Renew("work", "node-b", Duration));
    }

    [Fact]
    public void Release_frees_the_lease_at_once_but_only_for_its_holder()
    {
        var a = Open();
        var b = Open();
        Assert.True(a.TryAcquire("work", "node-a", Duration));
        b.Release("work", "node-b");
        Assert.Equal("node-a", b.HolderOf("work"));
        a.Release("work", "node-a");
        Assert.Null(b.HolderOf("work"));
        Assert.True(b.TryAcquire("work", "node-b", Duration));
        Assert.False(a.Renew("work", "node-a", Duration));
    }

    public void Dispose()
    {
        foreach (var store in _opened) store.Dispose();
        Cleanup();
        GC.SuppressFinalize(this);
    }

    /// <summary>What a backend removes after its test (files).</summary>
    protected virtual void Cleanup()
    {
    }
}

public sealed class InMemoryLeaseStoreTests : LeaseStoreContract
{
    private readonly InMemoryLeaseStore _store;

    public InMemoryLeaseStoreTests() => _store = new InMemoryLeaseStore(Clock);

    protected override ILeaseStore CreateStore() => new SharedStore(_store);

    /// <summary>The one in-memory store behind several instances (its Dispose is the test's).</summary>
    private sealed class SharedStore(InMemoryLeaseStore inner) : ILeaseStore
    {
        public bool TryAcquire(string name, string holder, TimeSpan duration) => inner.TryAcquire(name, holder, duration);
        public bool Renew(string name, string holder, TimeSpan duration) => inner.Renew(name, holder, duration);
        public void Release(string name, string holder) => inner.Release(name, holder);
        public string? HolderOf(string name) => inner.HolderOf(name);

        public void Dispose()
        {
        }
    }
}

public sealed class SqliteLeaseStoreTests : LeaseStoreContract
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"switchyard-leases-{Guid.NewGuid():N}");

    protected override ILeaseStore CreateStore() => new SqliteLeaseStore(Path.Combine(_directory, "switchyard.db"), Clock);

    [Fact]
    public void A_lease_outlives_the_store_instance_that_took_it()
    {
        using (var first = CreateStore()) Assert.True(first.TryAcquire("work", "node-a", TimeSpan.FromSeconds(30)));
        using var second = CreateStore();
        Assert.Equal("node-a", second.HolderOf("work"));
        Assert.False(second.TryAcquire("work", "node-b", TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void The_server_opening_its_data_directory_releases_a_crashed_predecessors_leases()
    {
        // The server opens the store only while it holds the data directory's lock, so a lease found then is a dead
        // process's: the next server takes it at once instead of after its expiry.
        using (var crashed = CreateStore()) Assert.True(crashed.TryAcquire("scheduler", "node-a", TimeSpan.FromSeconds(60)));
        using var restarted = new SqliteLeaseStore(Path.Combine(_directory, "switchyard.db"), Clock, releaseAtOpen: true);
        Assert.Null(restarted.HolderOf("scheduler"));
        Assert.True(restarted.TryAcquire("scheduler", "node-b", TimeSpan.FromSeconds(60)));
    }

    protected override void Cleanup()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
