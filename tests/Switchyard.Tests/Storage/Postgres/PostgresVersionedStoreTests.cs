using Npgsql;
using Switchyard.Storage.Postgres;
using Switchyard.Storage.Versioned;
using Switchyard.Tests.Storage.Versioned;

namespace Switchyard.Tests.Storage.Postgres;

/// <summary>The versioned-store contract on PostgreSQL; each opened store is another node (its own pool).</summary>
public sealed class PostgresVersionedStoreTests : SharedVersionedStoreContract
{
    private readonly PostgresTestDatabase _database = new();

    protected override IVersionedStore OpenStore() => new PostgresVersionedStore(_database.OpenNode().DataSource);

    [Fact]
    public async Task Readers_never_see_a_sequence_before_the_ones_below_it_while_two_nodes_commit()
    {
        // Commits of two nodes race; a third instance reads the feed all along: it must see every sequence number,
        // in order, with no gap that fills in later (a gap would be a change a pump skips for ever).
        var writers = new[] { Track(OpenStore()), Track(OpenStore()) };
        var reader = Track(OpenStore());
        using var stop = new CancellationTokenSource();
        var read = Task.Run(() =>
        {
            long position = 0;
            while (!stop.IsCancellationRequested || position < reader.LastSequence)
            {
                foreach (var change in reader.ReadChanges(position, 100))
                {
                    Assert.Equal(position + 1, change.Sequence);
                    position = change.Sequence;
                }
            }
            return position;
        });
        var writes = writers.Select((store, node) => Task.Run(() =>
        {
            for (var i = 0; i < 60; i++)
                store.Commit([new ResourceWrite(Key($"n{node}-{i}-a"), 0, "x"), new ResourceWrite(Key($"n{node}-{i}-b"), 0, "y")]);
        })).ToArray();
        await Task.WhenAll(writes);
        stop.Cancel();
        Assert.Equal(240, await read);
        Assert.Equal(240, reader.LastSequence);
    }

    [Fact]
    public void Each_commit_sends_one_notification_with_its_last_sequence()
    {
        var store = Store;
        using var listener = new NpgsqlConnection(_database.ConnectionString);
        listener.Open();
        var payloads = new List<string>();
        listener.Notification += (_, notification) => payloads.Add(notification.Payload);
        using (var listen = new NpgsqlCommand($"LISTEN {PostgresVersionedStore.NotificationChannel}", listener)) listen.ExecuteNonQuery();
        var first = store.Commit([new ResourceWrite(Key("a"), 0, "a"), new ResourceWrite(Key("b"), 0, "b"), new ResourceWrite(Key("c"), 0, "c")]);
        var cleared = store.Clear();
        Assert.Throws<VersionConflictException>(() => store.Commit([new ResourceWrite(Key("d"), 0, "d"), new ResourceWrite(Key("a"), 1, "a")]));
        while (payloads.Count < 2 && listener.Wait(TimeSpan.FromSeconds(10)))
        {
        }
        // A rolled-back commit notifies nobody; a notification would have arrived before the one this waits for.
        Assert.True(listener.Wait(TimeSpan.FromMilliseconds(300)) is false);
        Assert.Equal([first.ToString(System.Globalization.CultureInfo.InvariantCulture), cleared.ToString(System.Globalization.CultureInfo.InvariantCulture)], payloads);
        Assert.Equal(6, cleared);
    }

    public override void Dispose()
    {
        base.Dispose();
        _database.Dispose();
    }
}
