using Switchyard.Storage.Versioned;

namespace Switchyard.Tests.Storage.Versioned;

/// <summary>
/// The contract for durable backends that several instances (connections, processes) share: each
/// <see cref="VersionedStoreContract.OpenStore"/> opens another instance on the same database.
/// </summary>
public abstract class SharedVersionedStoreContract : VersionedStoreContract
{
    [Fact]
    public void Reopening_keeps_every_resource_the_change_log_and_the_sequence()
    {
        var first = Track(OpenStore());
        Create(first, Key("a"), "a1");
        first.Commit([new ResourceWrite(Key("a"), 1, "a2"), new ResourceWrite(Key("b"), 0, "b1")]);
        Create(first, Key("c"), "c1");
        first.Commit([new ResourceWrite(Key("c"), 1, null)]);
        var list = first.List("bus", "111111111111", "us-east-1");
        var changes = first.ReadChanges(0, 100);
        var last = first.LastSequence;
        first.Dispose();

        var reopened = Track(OpenStore());
        Assert.Equal(last, reopened.LastSequence);
        Assert.Equal(list, reopened.List("bus", "111111111111", "us-east-1"));
        Assert.Equal(changes, reopened.ReadChanges(0, 100));
        Assert.Equal(new StoredResource(Key("a"), 2, "a2"), reopened.Get(Key("a")));
        Assert.Null(reopened.Get(Key("c")));
        // The sequence and the versions continue where they were, the deleted one included.
        Assert.Equal(last + 2, reopened.Commit([new ResourceWrite(Key("a"), 2, "a3"), new ResourceWrite(Key("c"), 0, "c again")]));
        Assert.Equal(3, reopened.Get(Key("a"))!.Version);
        Assert.Equal(3, reopened.Get(Key("c"))!.Version);
        Assert.Throws<VersionConflictException>(() => reopened.Commit([new ResourceWrite(Key("a"), 2, "stale")]));
    }

    [Fact]
    public void A_write_by_one_instance_is_seen_by_the_other()
    {
        var one = Track(OpenStore());
        var other = Track(OpenStore());
        Assert.Null(other.Get(Key("shared")));
        var sequence = Create(one, Key("shared"), "from one");
        Assert.Equal(new StoredResource(Key("shared"), 1, "from one"), other.Get(Key("shared")));
        Assert.Equal(sequence, other.LastSequence);
        Assert.Equal([new ResourceChange(sequence, Key("shared"), 1, "from one")], other.ReadChanges(0, 10));
        Assert.Equal(["shared"], other.List("bus", "111111111111", "us-east-1").Select(r => r.Key.Name));
        other.Clear();
        Assert.Null(one.Get(Key("shared")));
        Assert.Equal(other.LastSequence, one.LastSequence);
    }

    [Fact]
    public void A_stale_compare_and_swap_by_the_other_instance_fails()
    {
        var one = Track(OpenStore());
        var other = Track(OpenStore());
        Create(one, Key("policy"), "[]");
        var readByOne = one.Get(Key("policy"))!;
        var readByOther = other.Get(Key("policy"))!;
        one.Commit([new ResourceWrite(Key("policy"), readByOne.Version, """["one"]""")]);
        var conflict = Assert.Throws<VersionConflictException>(() =>
            other.Commit([new ResourceWrite(Key("policy"), readByOther.Version, """["other"]""")]));
        Assert.Equal((1L, 2L), (conflict.ExpectedVersion, conflict.ActualVersion));
        Assert.Equal("""["one"]""", other.Get(Key("policy"))!.Document);
        // Creating what the other instance created conflicts too.
        Assert.Throws<VersionConflictException>(() => Create(other, Key("policy"), "again"));
    }

    [Fact]
    public async Task Concurrent_read_modify_write_loops_on_two_instances_lose_no_update()
    {
        var one = Track(OpenStore());
        var other = Track(OpenStore());
        await RunIncrementLoops([.. Enumerable.Repeat(one, 10), .. Enumerable.Repeat(other, 10)], increments: 25);
    }
}
