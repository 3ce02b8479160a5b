using Switchyard.Storage.Versioned;

namespace Switchyard.Tests.Storage.Versioned;

/// <summary>
/// What every <see cref="IVersionedStore"/> backend must do. A backend's test class derives from this (or from
/// <see cref="SharedVersionedStoreContract"/> if several instances can share its storage) and says how to open it.
/// </summary>
public abstract class VersionedStoreContract : IDisposable
{
    private readonly List<IVersionedStore> _opened = [];
    private IVersionedStore? _store;

    /// <summary>Opens an instance of the backend on this test's storage.</summary>
    protected abstract IVersionedStore OpenStore();

    protected IVersionedStore Store => _store ??= Track(OpenStore());

    protected IVersionedStore Track(IVersionedStore store)
    {
        _opened.Add(store);
        return store;
    }

    protected static ResourceKey Key(string name, string kind = "bus", string account = "111111111111", string region = "us-east-1") =>
        new(kind, account, region, name);

    protected static long Create(IVersionedStore store, ResourceKey key, string document) =>
        store.Commit([new ResourceWrite(key, 0, document)]);

    [Fact]
    public void An_absent_key_reads_as_null_and_the_empty_store_has_sequence_0()
    {
        Assert.Null(Store.Get(Key("nothing")));
        Assert.Equal(0, Store.LastSequence);
        Assert.Empty(Store.ReadChanges(0, 10));
        Assert.Empty(Store.List("bus", "111111111111", "us-east-1"));
    }

    [Fact]
    public void A_created_resource_reads_back_with_version_1_and_its_exact_document()
    {
        var document = """{"name":"orders","note":"é ✓ 😀","empty":""}""";
        var sequence = Create(Store, Key("orders"), document);
        Assert.Equal(new StoredResource(Key("orders"), 1, document), Store.Get(Key("orders")));
        Assert.Equal(sequence, Store.LastSequence);
        Assert.Equal([new ResourceChange(sequence, Key("orders"), 1, document)], Store.ReadChanges(0, 10));
    }

    [Fact]
    public void Creating_what_exists_conflicts_and_changes_nothing()
    {
        Create(Store, Key("orders"), "first");
        var before = Store.LastSequence;
        var conflict = Assert.Throws<VersionConflictException>(() => Create(Store, Key("orders"), "second"));
        Assert.Equal(Key("orders"), conflict.Key);
        Assert.Equal(0, conflict.ExpectedVersion);
        Assert.Equal(1, conflict.ActualVersion);
        Assert.Contains("orders", conflict.Message);
        Assert.Equal("first", Store.Get(Key("orders"))!.Document);
        Assert.Equal(before, Store.LastSequence);
    }

    [Fact]
    public void Compaction_keeps_the_latest_change_of_every_key_and_the_sequence_and_versions_go_on()
    {
        Create(Store, Key("a"), "a1");
        var keep = Create(Store, Key("b"), "b1");
        Store.Commit([new ResourceWrite(Key("a"), 1, "a2")]);
        Create(Store, Key("gone"), "g1");
        var deleted = Store.Commit([new ResourceWrite(Key("gone"), 1, null)]);
        var last = Store.Commit([new ResourceWrite(Key("a"), 2, "a3")]);

        Assert.Equal(3, Store.CompactChanges());

        // One change per key, the latest (a deletion too), in sequence order; positions mean what they meant.
        Assert.Equal([new ResourceChange(keep, Key("b"), 1, "b1"), new ResourceChange(deleted, Key("gone"), 2, null),
            new ResourceChange(last, Key("a"), 3, "a3")], Store.ReadChanges(0, 10));
        Assert.Equal([new ResourceChange(last, Key("a"), 3, "a3")], Store.ReadChanges(keep, 10).Skip(1));
        Assert.Equal(last, Store.LastSequence);
        Assert.Equal(0, Store.CompactChanges());
        // Writing on continues the sequence and the versions; a stale writer still conflicts.
        Assert.Throws<VersionConflictException>(() => Store.Commit([new ResourceWrite(Key("a"), 2, "stale")]));
        Assert.Equal(last + 1, Store.Commit([new ResourceWrite(Key("gone"), 0, "g2")]));
        Assert.Equal(3, Store.Get(Key("gone"))!.Version);
    }

    [Fact]
    public void The_feed_compacts_itself_so_it_stays_about_as_long_as_the_number_of_keys()
    {
        // 64 firing states written over and over (64 per commit): once CompactionInterval changes are committed, the
        // feed holds only the latest change of each.
        const int keys = 64;
        var names = Enumerable.Range(0, keys).Select(i => Key($"firing-{i:D2}", kind: "firing-state")).ToList();
        Store.Commit(names.Select(key => new ResourceWrite(key, 0, "1")).ToList());
        var rounds = IVersionedStore.CompactionInterval / keys;
        for (long version = 1; version < rounds; version++)
        {
            var document = (version + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Store.Commit(names.Select(key => new ResourceWrite(key, version, document)).ToList());
        }
        Assert.Equal(IVersionedStore.CompactionInterval, Store.LastSequence);
        var changes = Store.ReadChanges(0, 1000);
        Assert.Equal(keys, changes.Count);
        Assert.All(changes, change => Assert.Equal(rounds, change.Version));
        Assert.Equal(IVersionedStore.CompactionInterval, changes[^1].Sequence);
    }

    [Fact]
    public void A_stale_update_conflicts_and_changes_nothing()
    {
        Create(Store, Key("orders"), "v1");
        Store.Commit([new ResourceWrite(Key("orders"), 1, "v2")]);
        var conflict = Assert.Throws<VersionConflictException>(() => Store.Commit([new ResourceWrite(Key("orders"), 1, "lost")]));
        Assert.Equal((1L, 2L), (conflict.ExpectedVersion, conflict.ActualVersion));
        Assert.Equal(new StoredResource(Key("orders"), 2, "v2"), Store.Get(Key("orders")));
        Assert.Equal(2, Store.ReadChanges(0, 10).Count);
    }

    [Fact]
    public void An_update_of_an_absent_resource_conflicts_with_actual_version_0()
    {
        var conflict = Assert.Throws<VersionConflictException>(() => Store.Commit([new ResourceWrite(Key("ghost"), 3, "x")]));
        Assert.Equal((3L, 0L), (conflict.ExpectedVersion, conflict.ActualVersion));
        Assert.Null(Store.Get(Key("ghost")));
        Assert.Equal(0, Store.LastSequence);
    }

    [Fact]
    public void A_stale_delete_conflicts_and_a_current_one_deletes()
    {
        Create(Store, Key("orders"), "v1");
        Store.Commit([new ResourceWrite(Key("orders"), 1, "v2")]);
        var conflict = Assert.Throws<VersionConflictException>(() => Store.Commit([new ResourceWrite(Key("orders"), 1, null)]));
        Assert.Equal((1L, 2L), (conflict.ExpectedVersion, conflict.ActualVersion));
        Assert.NotNull(Store.Get(Key("orders")));

        var sequence = Store.Commit([new ResourceWrite(Key("orders"), 2, null)]);
        Assert.Null(Store.Get(Key("orders")));
        Assert.Empty(Store.List("bus", "111111111111", "us-east-1"));
        Assert.Equal(new ResourceChange(sequence, Key("orders"), 3, null), Store.ReadChanges(sequence - 1, 1).Single());
        // Deleting it again: it no longer exists, whatever version the caller still holds.
        var again = Assert.Throws<VersionConflictException>(() => Store.Commit([new ResourceWrite(Key("orders"), 2, null)]));
        Assert.Equal(0, again.ActualVersion);
    }

    [Fact]
    public void Versions_increase_by_one_per_write_and_a_recreated_resource_never_reuses_one()
    {
        Create(Store, Key("r"), "a");
        for (var version = 1; version <= 5; version++)
        {
            Store.Commit([new ResourceWrite(Key("r"), version, $"v{version + 1}")]);
            Assert.Equal(version + 1, Store.Get(Key("r"))!.Version);
        }
        Store.Commit([new ResourceWrite(Key("r"), 6, null)]);
        Create(Store, Key("r"), "reborn");
        Assert.Equal(8, Store.Get(Key("r"))!.Version);
        // A writer that read version 1 of the first life cannot touch the second.
        Assert.Throws<VersionConflictException>(() => Store.Commit([new ResourceWrite(Key("r"), 1, "stale")]));
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7, 8], Store.ReadChanges(0, 100).Select(c => c.Version));
    }

    [Fact]
    public void A_commit_is_all_or_nothing()
    {
        Create(Store, Key("existing"), "v1");
        var before = Store.LastSequence;
        var batch = new List<ResourceWrite>
        {
            new(Key("a"), 0, "a1"),
            new(Key("b", kind: "rule"), 0, "b1"),
            new(Key("existing"), 7, "stale"), // the one that fails, after two good ones
            new(Key("c"), 0, "c1"),
        };
        var conflict = Assert.Throws<VersionConflictException>(() => Store.Commit(batch));
        Assert.Equal(Key("existing"), conflict.Key);
        Assert.Null(Store.Get(Key("a")));
        Assert.Null(Store.Get(Key("b", kind: "rule")));
        Assert.Null(Store.Get(Key("c")));
        Assert.Equal("v1", Store.Get(Key("existing"))!.Document);
        Assert.Equal(before, Store.LastSequence);
        Assert.Empty(Store.ReadChanges(before, 10));

        batch[2] = new ResourceWrite(Key("existing"), 1, null);
        var sequence = Store.Commit(batch);
        Assert.Equal(sequence, Store.LastSequence);
        var changes = Store.ReadChanges(before, 10);
        Assert.Equal(batch.Select(w => w.Key), changes.Select(c => c.Key));
        Assert.Equal(Enumerable.Range(0, 4).Select(i => sequence - 3 + i), changes.Select(c => c.Sequence));
        Assert.Equal(["a1", "b1", null, "c1"], changes.Select(c => c.Document));
    }

    [Fact]
    public void Malformed_commits_are_refused_and_change_nothing()
    {
        Create(Store, Key("x"), "v1");
        Assert.ThrowsAny<ArgumentException>(() => Store.Commit([]));
        Assert.ThrowsAny<ArgumentException>(() => Store.Commit([new ResourceWrite(Key("y"), -1, "d")]));
        Assert.ThrowsAny<ArgumentException>(() => Store.Commit([new ResourceWrite(Key("y"), 0, null)]));
        Assert.ThrowsAny<ArgumentException>(() => Store.Commit([new ResourceWrite(Key("y"), 0, "a"), new ResourceWrite(Key("y"), 1, "b")]));
        Assert.ThrowsAny<ArgumentException>(() => Store.ReadChanges(-1, 10));
        Assert.ThrowsAny<ArgumentException>(() => Store.ReadChanges(0, 0));
        Assert.ThrowsAny<ArgumentException>(() => Store.List(null!, "111111111111", "us-east-1"));
        Assert.ThrowsAny<ArgumentException>(() => Store.Get(new ResourceKey("bus", "111111111111", "us-east-1", null!)));
        Assert.Null(Store.Get(Key("y")));
        Assert.Equal(1, Store.LastSequence);
    }

    [Fact]
    public void The_change_log_is_in_order_and_can_be_resumed_from_any_position_in_pages()
    {
        var expected = new List<(ResourceKey Key, long Version, string? Document)>();
        var versions = new Dictionary<ResourceKey, long>();
        var commitEnds = new List<long>();
        var random = new Random(8);
        for (var commit = 0; commit < 30; commit++)
        {
            var writes = new List<ResourceWrite>();
            foreach (var name in Enumerable.Range(0, 12).OrderBy(_ => random.Next()).Take(1 + random.Next(4)))
            {
                var key = Key($"r{name}", kind: name % 2 == 0 ? "bus" : "rule");
                var current = versions.GetValueOrDefault(key);
                var document = current > 0 && random.Next(4) == 0 ? null : $"c{commit}-{name}";
                writes.Add(new ResourceWrite(key, current, document));
            }
            var sequence = Store.Commit(writes);
            commitEnds.Add(sequence);
            foreach (var write in writes)
            {
                var stored = Store.ReadChanges(sequence - writes.Count, writes.Count)
                    .Single(c => c.Key == write.Key).Version;
                versions[write.Key] = write.Document is null ? 0 : stored;
                expected.Add((write.Key, stored, write.Document));
            }
        }

        var all = Store.ReadChanges(0, 10_000);
        Assert.Equal(expected, all.Select(c => (c.Key, c.Version, c.Document)));
        Assert.Equal(Store.LastSequence, all[^1].Sequence);
        Assert.Equal(commitEnds[^1], all[^1].Sequence);
        Assert.All(all.Zip(all.Skip(1)), pair => Assert.True(pair.Second.Sequence > pair.First.Sequence));
        // Every commit's rows are contiguous and end at the sequence its Commit returned.
        Assert.All(commitEnds, end => Assert.Contains(all, c => c.Sequence == end));

        foreach (var pageSize in new[] { 1, 2, 3, 7, 100 })
        {
            var read = new List<ResourceChange>();
            long position = 0;
            while (true)
            {
                var page = Store.ReadChanges(position, pageSize);
                Assert.True(page.Count <= pageSize);
                if (page.Count == 0) break;
                read.AddRange(page);
                position = page[^1].Sequence;
            }
            Assert.Equal(all, read);
        }
        foreach (var change in all.Prepend(null))
        {
            var position = change?.Sequence ?? 0;
            Assert.Equal(all.Where(c => c.Sequence > position), Store.ReadChanges(position, 10_000));
        }
        Assert.Empty(Store.ReadChanges(Store.LastSequence, 10));
        Assert.Empty(Store.ReadChanges(Store.LastSequence + 1000, 10));
    }

    [Fact]
    public void Lists_are_ordered_by_code_point_and_isolated_by_kind_account_and_region()
    {
        // Code-point order (UTF-8 byte order): "B" < "a" < U+FF21 < U+1F600, though UTF-16 ordinal puts U+1F600 first.
        string[] names = ["a", "\U0001F600", "B", "\uFF21", "a-b", "a.b", "ab", "zz"];
        foreach (var name in names.Reverse()) Create(Store, Key(name), name);
        Create(Store, Key("other-kind", kind: "rule"), "x");
        Create(Store, Key("other-account", account: "222222222222"), "x");
        Create(Store, Key("other-region", region: "eu-west-1"), "x");
        Create(Store, Key("deleted"), "x");
        Store.Commit([new ResourceWrite(Key("deleted"), 1, null)]);

        var listed = Store.List("bus", "111111111111", "us-east-1");
        Assert.Equal(["B", "a", "a-b", "a.b", "ab", "zz", "\uFF21", "\U0001F600"], listed.Select(r => r.Key.Name));
        Assert.All(listed, r => Assert.Equal((1L, r.Key.Name), (r.Version, r.Document)));
        Assert.Equal(["other-kind"], Store.List("rule", "111111111111", "us-east-1").Select(r => r.Key.Name));
        Assert.Equal(["other-account"], Store.List("bus", "222222222222", "us-east-1").Select(r => r.Key.Name));
        Assert.Equal(["other-region"], Store.List("bus", "111111111111", "eu-west-1").Select(r => r.Key.Name));
        Assert.Empty(Store.List("bus", "333333333333", "us-east-1"));
        // The parts of a key are compared whole, not as a prefix.
        Assert.Empty(Store.List("bu", "111111111111", "us-east-1"));
        Assert.Empty(Store.List("bus", "11111111111", "us-east-1"));
    }

    [Fact]
    public void Clear_deletes_every_live_resource_as_changes_in_the_feed()
    {
        Create(Store, Key("a"), "a");
        Create(Store, Key("b", account: "222222222222"), "b");
        Create(Store, Key("gone"), "g");
        Store.Commit([new ResourceWrite(Key("gone"), 1, null)]);
        Store.Commit([new ResourceWrite(Key("a"), 1, "a2")]);
        var before = Store.LastSequence;

        var sequence = Store.Clear();
        Assert.Equal(sequence, Store.LastSequence);
        Assert.Null(Store.Get(Key("a")));
        Assert.Empty(Store.List("bus", "111111111111", "us-east-1"));
        Assert.Empty(Store.List("bus", "222222222222", "us-east-1"));
        var deletes = Store.ReadChanges(before, 10);
        Assert.Equal([(Key("a"), 3L), (Key("b", account: "222222222222"), 2L)], deletes.Select(c => (c.Key, c.Version)));
        Assert.All(deletes, c => Assert.Null(c.Document));
        Assert.Equal(sequence, deletes[^1].Sequence);

        // Nothing left: clearing again adds no change.
        Assert.Equal(sequence, Store.Clear());
        Assert.Equal(sequence, Store.LastSequence);
        // Versions keep counting: a re-created resource is version 4, and the stale version 2 cannot write it.
        Create(Store, Key("a"), "new");
        Assert.Equal(4, Store.Get(Key("a"))!.Version);
        Assert.Throws<VersionConflictException>(() => Store.Commit([new ResourceWrite(Key("a"), 2, "stale")]));
    }

    [Fact]
    public async Task Twenty_concurrent_read_modify_write_loops_lose_no_update()
    {
        await RunIncrementLoops(Enumerable.Repeat(Store, 20).ToList(), increments: 25);
    }

    /// <summary>Each store in <paramref name="stores"/> runs one loop adding 1 to a shared counter
    /// <paramref name="increments"/> times, re-reading and retrying on every conflict; nothing may be lost.</summary>
    protected static async Task RunIncrementLoops(IReadOnlyList<IVersionedStore> stores, int increments)
    {
        var key = Key("counter");
        Create(stores[0], key, "0");
        var conflicts = 0;
        // A thread per loop, all released at once: pool tasks on a two-core machine would mostly run one after another.
        using var start = new Barrier(stores.Count);
        var loops = stores.Select(store => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            for (var done = 0; done < increments;)
            {
                var current = store.Get(key)!;
                // The work a real read-modify-write does between its read and its write (editing a policy): the
                // window in which another writer slips in. Without it the memory store finishes a loop per time slice.
                Thread.Sleep(1);
                try
                {
                    store.Commit([new ResourceWrite(key, current.Version, (long.Parse(current.Document) + 1).ToString())]);
                    done++;
                }
                catch (VersionConflictException)
                {
                    Interlocked.Increment(ref conflicts);
                }
            }
        }, TaskCreationOptions.LongRunning)).ToList();
        await Task.WhenAll(loops);

        // The loops did race (otherwise this test proves nothing), and every race was caught.
        Assert.True(conflicts > 0, "the loops never conflicted");
        var total = stores.Count * increments;
        var final = stores[0].Get(key)!;
        Assert.Equal(total.ToString(), final.Document);
        Assert.Equal(total + 1, final.Version);
        var changes = stores[^1].ReadChanges(0, total + 10);
        Assert.Equal(Enumerable.Range(1, total + 1).Select(v => (long)v), changes.Select(c => c.Version));
        Assert.Equal(Enumerable.Range(0, total + 1).Select(v => v.ToString()), changes.Select(c => c.Document));
    }

    public virtual void Dispose()
    {
        foreach (var store in _opened) store.Dispose();
        _opened.Clear();
        _store = null;
        GC.SuppressFinalize(this);
    }
}
