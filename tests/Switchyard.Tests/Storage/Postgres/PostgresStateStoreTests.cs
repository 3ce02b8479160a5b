using Switchyard.Storage;
using Switchyard.Storage.Postgres;

namespace Switchyard.Tests.Storage.Postgres;

public sealed class PostgresStateStoreTests : IDisposable
{
    private readonly PostgresTestDatabase _database = new();

    [Fact]
    public void Documents_put_on_one_node_are_loaded_by_another_in_key_order()
    {
        var one = new PostgresStateStore(_database.OpenNode().DataSource);
        var other = new PostgresStateStore(_database.OpenNode().DataSource);
        one.Put("schedule", "b", "{\"n\":2}");
        one.Put("schedule", "a", "{\"n\":1}");
        one.Put("other", "a", "{}");
        one.Put("schedule", "b", "{\"n\":3}");
        Assert.Equal([new StoredDocument("a", "{\"n\":1}"), new StoredDocument("b", "{\"n\":3}")], other.LoadAll("schedule"));
        other.Delete("schedule", "a");
        Assert.Equal([new StoredDocument("b", "{\"n\":3}")], one.LoadAll("schedule"));
        one.Clear();
        Assert.Empty(other.LoadAll("schedule"));
        Assert.Empty(other.LoadAll("other"));
    }

    [Fact]
    public void Apply_lands_all_changes_or_none()
    {
        var store = new PostgresStateStore(_database.OpenNode().DataSource);
        store.Put("schedule", "keep", "1");
        store.Apply([new StateChange("schedule", "x", "2"), new StateChange("schedule", "keep", null)]);
        Assert.Equal([new StoredDocument("x", "2")], store.LoadAll("schedule"));
        // A document PostgreSQL refuses (a NUL character) fails the whole batch: the delete before it is undone.
        Assert.ThrowsAny<Exception>(() => store.Apply([new StateChange("schedule", "x", null), new StateChange("schedule", "y", "bad\0")]));
        Assert.Equal([new StoredDocument("x", "2")], store.LoadAll("schedule"));
    }

    public void Dispose() => _database.Dispose();
}
