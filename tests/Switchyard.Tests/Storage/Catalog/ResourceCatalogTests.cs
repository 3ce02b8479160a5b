using System.Text.Json;
using System.Text.Json.Serialization;
using Switchyard.Storage.Catalog;
using Switchyard.Storage.Versioned;

namespace Switchyard.Tests.Storage.Catalog;

public sealed record Note
{
    public required string Account { get; init; }
    public required string Region { get; init; }
    public required string Name { get; init; }
    public List<string> Items { get; init; } = [];
}

[JsonSerializable(typeof(Note))]
internal sealed partial class NoteJsonContext : JsonSerializerContext;

/// <summary>The generic catalog on a backend: read-your-writes, compare-and-swap with retries, the change feed as the
/// only way into the cache, and instances ("processes") on one database seeing each other's changes.</summary>
public abstract class ResourceCatalogContract : CatalogTestBase
{
    private const string Account = "111111111111";
    private const string Region = "us-east-1";
    private const string Kind = "note";

    private sealed class TooManyConflicts : Exception;

    private static ResourceCatalog<Note> Catalog(ChangeFeedPump pump) =>
        new(pump, Kind, NoteJsonContext.Default.Note, () => new TooManyConflicts());

    private static Note NewNote(string name, params string[] items) =>
        new() { Account = Account, Region = Region, Name = name, Items = [.. items] };

    private static Note? Create(ResourceCatalog<Note> catalog, string name) =>
        catalog.Change(Account, Region, name, current => current is null ? NewNote(name) : throw new InvalidOperationException("exists"));

    private static Note? AddItem(ResourceCatalog<Note> catalog, string name, string item) =>
        catalog.Change(Account, Region, name, current => current! with { Items = [.. current.Items, item] });

    private static List<(Note? Before, Note? After)> Record(ResourceCatalog<Note> catalog, bool replay = false)
    {
        var seen = new List<(Note?, Note?)>();
        catalog.Observe((before, after) => seen.Add((before, after)), replay);
        return seen;
    }

    [Fact]
    public void A_write_is_in_the_cache_and_told_to_the_observers_when_it_returns()
    {
        var catalog = Catalog(OpenPump());
        var seen = Record(catalog);

        var created = Create(catalog, "a");

        Assert.True(catalog.TryGet(Account, Region, "a", out var cached));
        Assert.Equal("a", cached.Name);
        var (before, after) = Assert.Single(seen);
        Assert.Null(before);
        Assert.Equal("a", after!.Name);
        Assert.Equal(1, catalog.Count(Account, Region));

        catalog.Change(Account, Region, "a", _ => null);
        Assert.False(catalog.TryGet(Account, Region, "a", out _));
        Assert.Equal("a", seen[^1].Before!.Name);
        Assert.Null(seen[^1].After);
        Assert.NotNull(created);
    }

    [Fact]
    public void Returning_the_current_instance_writes_nothing()
    {
        var pump = OpenPump();
        var catalog = Catalog(pump);
        Create(catalog, "a");
        var sequence = pump.Store.LastSequence;

        catalog.Change(Account, Region, "a", current => current);
        catalog.Change(Account, Region, "absent", current => current);

        Assert.Equal(sequence, pump.Store.LastSequence);
    }

    [Fact]
    public void The_stored_document_names_its_format()
    {
        var pump = OpenPump();
        Create(Catalog(pump), "a");

        var stored = pump.Store.Get(new ResourceKey(Kind, Account, Region, "a"))!;
        using var document = JsonDocument.Parse(stored.Document);
        Assert.Equal(ResourceDocument.CurrentFormat, document.RootElement.GetProperty("formatVersion").GetInt32());
        Assert.Equal("a", document.RootElement.GetProperty("resource").GetProperty("Name").GetString());
    }

    [Fact]
    public async Task Twenty_concurrent_changes_of_one_resource_lose_nothing()
    {
        var catalog = Catalog(OpenPump());
        Create(catalog, "shared");

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => AddItem(catalog, "shared", $"item-{i}"))));

        Assert.True(catalog.TryGet(Account, Region, "shared", out var note));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"item-{i}").Order(), note.Items.Order());
    }

    [Fact]
    public async Task Twenty_concurrent_changes_through_two_instances_lose_nothing()
    {
        var onePump = OpenPump();
        var one = Catalog(onePump);
        var twoPump = OpenPump();
        var two = Catalog(twoPump);
        Create(one, "shared");

        // Half of the writers go through each instance: every write through one is a stale read for the other.
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => AddItem(i % 2 == 0 ? one : two, "shared", $"item-{i}"))));

        // Each instance's cache lags the other's last writes until its pump reads the feed (polling, in a server).
        onePump.CatchUp();
        twoPump.CatchUp();
        var expected = Enumerable.Range(0, 20).Select(i => $"item-{i}").Order().ToList();
        foreach (var catalog in new[] { one, two })
        {
            Assert.True(catalog.TryGet(Account, Region, "shared", out var note));
            Assert.Equal(expected, note.Items.Order());
        }
    }

    [Fact]
    public void Creating_a_name_another_instance_created_fails_even_before_the_change_reached_this_cache()
    {
        var one = Catalog(OpenPump());
        var two = Catalog(OpenPump());
        Create(two, "taken");
        Assert.False(one.TryGet(Account, Region, "taken", out _)); // not polled yet

        // The write is a create (expected version: absent); it conflicts, is re-read from the store, and refused.
        var refused = Assert.Throws<InvalidOperationException>(() => Create(one, "taken"));
        Assert.Equal("exists", refused.Message);
    }

    [Fact]
    public void A_change_by_another_instance_reaches_the_cache_and_the_observers_through_the_feed()
    {
        var pump = OpenPump();
        var one = Catalog(pump);
        var seen = Record(one);
        var two = Catalog(OpenPump());

        Create(two, "remote");
        AddItem(two, "remote", "x");
        pump.CatchUp();

        Assert.True(one.TryGet(Account, Region, "remote", out var note));
        Assert.Equal(["x"], note.Items);
        Assert.Equal(2, seen.Count);
        Assert.Null(seen[0].Before);
        Assert.Equal(["x"], seen[1].After!.Items);
    }

    [Fact]
    public async Task The_pump_polls_for_other_instances_changes()
    {
        var pump = OpenPump(TimeSpan.FromMilliseconds(20));
        var one = Catalog(pump);
        pump.Start();
        var two = Catalog(OpenPump());

        Create(two, "remote");

        await Eventually(() => one.TryGet(Account, Region, "remote", out _));
    }

    [Fact]
    public void Clearing_the_store_reaches_the_caches_as_deletions()
    {
        var pump = OpenPump();
        var catalog = Catalog(pump);
        Create(catalog, "a");
        Create(catalog, "b");
        var seen = Record(catalog);

        pump.CatchUp(pump.Store.Clear());

        Assert.Empty(catalog.All);
        Assert.Equal(["a", "b"], seen.Select(s => s.Before!.Name).Order());
        Assert.All(seen, s => Assert.Null(s.After));
    }

    [Fact]
    public void A_catalog_made_after_changes_were_applied_gets_its_kind_so_far()
    {
        var pump = OpenPump();
        var first = Catalog(pump);
        Create(first, "a");
        var other = new ResourceCatalog<Note>(pump, "other-kind", NoteJsonContext.Default.Note, () => new TooManyConflicts());
        other.Change(Account, Region, "o", _ => NewNote("o"));

        // A new instance whose catalogs subscribe at different times: the late one is given the feed of its kind.
        var restarted = OpenPump();
        var early = new ResourceCatalog<Note>(restarted, "other-kind", NoteJsonContext.Default.Note, () => new TooManyConflicts());
        restarted.CatchUp();
        var late = Catalog(restarted);

        Assert.True(late.TryGet(Account, Region, "a", out _));
        Assert.False(late.TryGet(Account, Region, "o", out _));
        Assert.True(early.TryGet(Account, Region, "o", out _));
    }

    [Fact]
    public void An_observer_replayed_at_registration_sees_every_existing_resource_once()
    {
        var pump = OpenPump();
        Create(Catalog(pump), "a");
        var restarted = Catalog(OpenPump());

        var seen = Record(restarted, replay: true);

        var (before, after) = Assert.Single(seen);
        Assert.Null(before);
        Assert.Equal("a", after!.Name);
    }

    [Fact]
    public void A_document_in_an_unknown_format_is_left_out_and_the_feed_goes_on()
    {
        var pump = OpenPump();
        var catalog = Catalog(pump);
        pump.Store.Commit([new ResourceWrite(new ResourceKey(Kind, Account, Region, "future"), 0, """{"formatVersion":99,"resource":{}}""")]);
        Create(catalog, "after");

        Assert.False(catalog.TryGet(Account, Region, "future", out _));
        Assert.True(catalog.TryGet(Account, Region, "after", out _));
    }
}

public sealed class InMemoryResourceCatalogTests : ResourceCatalogContract
{
    protected override CatalogDatabase CreateDatabase() => new MemoryCatalogDatabase();
}

public sealed class SqliteResourceCatalogTests : ResourceCatalogContract
{
    protected override CatalogDatabase CreateDatabase() => new SqliteCatalogDatabase();
}

public sealed class PostgresResourceCatalogTests : ResourceCatalogContract
{
    protected override CatalogDatabase CreateDatabase() => new PostgresCatalogDatabase();
}
