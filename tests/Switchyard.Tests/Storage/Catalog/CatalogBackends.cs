using Switchyard.Storage.Catalog;
using Switchyard.Storage.Versioned;

namespace Switchyard.Tests.Storage.Catalog;

/// <summary>One database for a catalog test, on which each <see cref="OpenStore"/> opens another instance (another
/// "process").</summary>
public abstract class CatalogDatabase : IDisposable
{
    public abstract IVersionedStore OpenStore();

    public virtual void Dispose() => GC.SuppressFinalize(this);
}

/// <summary>Memory: every instance shares one <see cref="InMemoryVersionedStore"/> object.</summary>
public sealed class MemoryCatalogDatabase : CatalogDatabase
{
    private readonly InMemoryVersionedStore _store = new();

    public override IVersionedStore OpenStore() => new SharedInstance(_store);

    /// <summary>The shared store, which the first instance to close must not dispose for the others.</summary>
    private sealed class SharedInstance(InMemoryVersionedStore store) : IVersionedStore
    {
        public StoredResource? Get(ResourceKey key) => store.Get(key);
        public IReadOnlyList<StoredResource> List(string kind, string account, string region) => store.List(kind, account, region);
        public long Commit(IReadOnlyList<ResourceWrite> writes) => store.Commit(writes);
        public IReadOnlyList<ResourceChange> ReadChanges(long afterSequence, int max) => store.ReadChanges(afterSequence, max);
        public long LastSequence => store.LastSequence;
        public long Clear() => store.Clear();
        public long CompactChanges() => store.CompactChanges();
        public void Dispose() { }
    }
}

/// <summary>SQLite: every instance opens its own connection on one database file, as separate processes do.</summary>
public sealed class SqliteCatalogDatabase : CatalogDatabase
{
    private readonly string _directory = Directory.CreateTempSubdirectory("switchyard-catalog-").FullName;

    public override IVersionedStore OpenStore() => new SqliteVersionedStore(Path.Combine(_directory, "switchyard.db"));

    public override void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
        base.Dispose();
    }
}

/// <summary>PostgreSQL: every instance is another node (its own connection pool) on one fresh database.</summary>
public sealed class PostgresCatalogDatabase : CatalogDatabase
{
    private readonly Postgres.PostgresTestDatabase _database = new();

    public override IVersionedStore OpenStore() => new Switchyard.Storage.Postgres.PostgresVersionedStore(_database.OpenNode().DataSource);

    public override void Dispose()
    {
        _database.Dispose();
        base.Dispose();
    }
}

/// <summary>What the catalog tests share: instances with their own change-feed pump on one database.</summary>
public abstract class CatalogTestBase : IDisposable
{
    private readonly List<IDisposable> _opened = [];
    private CatalogDatabase? _database;

    protected abstract CatalogDatabase CreateDatabase();

    /// <summary>A new instance (a "process") on the test's database: its own store connection and pump.</summary>
    protected ChangeFeedPump OpenPump(TimeSpan? pollInterval = null)
    {
        _database ??= CreateDatabase();
        var store = _database.OpenStore();
        var pump = new ChangeFeedPump(store, pollInterval);
        // Pumps stop before their stores close.
        _opened.Insert(0, store);
        _opened.Insert(0, pump);
        return pump;
    }

    public void Dispose()
    {
        foreach (var opened in _opened) opened.Dispose();
        _database?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Waits for something another instance did to arrive through the polled change feed.</summary>
    protected static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("the change did not arrive within 20 s");
            await Task.Delay(20);
        }
    }
}
