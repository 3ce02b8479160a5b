using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Switchyard.Delivery;
using Switchyard.Delivery.Dispatch;
using Switchyard.Delivery.Input;
using Switchyard.Delivery.Journal;
using Switchyard.Delivery.Metrics;
using Switchyard.Domain;
using Switchyard.Domain.Rules;
using Switchyard.Domain.Routing;
using Switchyard.Domain.Targets;
using Switchyard.Settings;
using Switchyard.Storage;
using Switchyard.Storage.Catalog;
using Switchyard.Storage.Versioned;
using Rule = Switchyard.Domain.Rules.Rule;
using static Switchyard.Tests.Delivery.EventJournalContract;

namespace Switchyard.Tests.Delivery;

/// <summary>
/// The SQLite journal as a work queue shared by journals on one file: leases that expire with their owner (by the
/// nodes' clocks, driven here by hand), and the pending deliveries of a journal written before the work queue existed.
/// The backend-agnostic part is <see cref="EventJournalContract"/>.
/// </summary>
public sealed class JournalWorkQueueTests : IDisposable
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-01-01T00:00:00Z");
    private static readonly AccountRegion Scope = new("123456789012", "us-east-1");
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"switchyard-queue-{Guid.NewGuid():N}");

    private SqliteEventJournal Open(string node, TimeProvider time, bool exclusive = false) =>
        new(_directory, "FULL", NullLogger<SqliteEventJournal>.Instance,
            leasing: new JournalLeasing(node, TimeSpan.FromSeconds(10), exclusive, TimeSpan.FromMinutes(5)), time: time);

    private static async Task<List<PendingDelivery>> Claim(SqliteEventJournal journal, int max = 100) =>
        (await journal.ClaimAsync(max, default)).Deliveries.ToList();

    private static AcceptedEvent Fresh(string id) => Event(id) with { IngestedAt = Start };

    [Fact]
    public async Task A_dead_owners_deliveries_go_to_another_worker_when_its_lease_expires()
    {
        // Node A's clock stands still, so it never renews: it is as good as dead after its append.
        var frozen = new ManualTimeProvider(Start);
        var clock = new ManualTimeProvider(Start);
        using var a = Open("node-a", frozen);
        using var b = Open("node-b", clock);
        var appended = await a.AppendAsync([Fresh("e1"), Fresh("e2")], [Task("e1", target: "x"), Task("e1", target: "y"), Task("e2")], default);
        Assert.Equal(3, appended.Count);

        var early = await b.ClaimAsync(100, default);
        Assert.Empty(early.Deliveries);
        Assert.Equal(Start + TimeSpan.FromSeconds(10), early.NextClaimableAt);

        clock.Advance(TimeSpan.FromSeconds(10));
        var taken = await Claim(b);
        Assert.Equal(appended.Select(d => d.Id), taken.Select(d => d.Id));
        Assert.Equal(["x", "y", "t"], taken.Select(d => d.Task.TargetId));
        Assert.Same(taken[0].Event, taken[1].Event);
        Assert.Equal("{\"id\":\"e2\"}", System.Text.Encoding.UTF8.GetString(taken[2].Event.Envelope));
        // Now B holds them: nobody else gets them while B's lease runs.
        using var c = Open("node-c", clock);
        Assert.Empty(await Claim(c));
    }

    [Fact]
    public async Task A_live_owner_renews_its_leases_and_a_clean_stop_hands_them_over_at_once()
    {
        var clock = new ManualTimeProvider(Start);
        using var b = Open("node-b", clock);
        var a = Open("node-a", clock);
        try
        {
            Assert.Equal(2, (await a.AppendAsync([Fresh("e1")], [Task("e1", target: "x"), Task("e1", target: "y")], default)).Count);
            for (var second = 0; second < 25; second++)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
                // A claim goes through A's writer after any renewal its timer queued: once it answers, the renewal is in.
                Assert.Empty(await Claim(a));
            }
            Assert.Empty(await Claim(b)); // 25 s on, 15 s past the first lease's expiry: renewed
        }
        finally
        {
            a.Dispose();
        }
        Assert.Equal(["x", "y"], (await Claim(b)).Select(d => d.Task.TargetId));
    }

    [Fact]
    public async Task A_journal_written_before_the_work_queue_keeps_its_pending_deliveries()
    {
        Directory.CreateDirectory(_directory);
        using (var old = new SqliteConnection($"Data Source={Path.Combine(_directory, "journal.db")};Pooling=False"))
        {
            old.Open();
            using var create = old.CreateCommand();
            // The tables as main at f74a030 wrote them.
            create.CommandText = """
                CREATE TABLE deliveries (id INTEGER PRIMARY KEY, event_id TEXT NOT NULL, bus_account TEXT NOT NULL,
                    bus_region TEXT NOT NULL, bus_name TEXT NOT NULL, envelope BLOB NOT NULL, ingested_at INTEGER NOT NULL,
                    hop INTEGER NOT NULL, rule_account TEXT NOT NULL, rule_region TEXT NOT NULL, rule_bus TEXT NOT NULL,
                    rule_name TEXT NOT NULL, target_id TEXT NOT NULL);
                CREATE TABLE events (event_id TEXT NOT NULL, bus_account TEXT NOT NULL, bus_region TEXT NOT NULL,
                    bus_name TEXT NOT NULL, envelope BLOB NOT NULL, ingested_at INTEGER NOT NULL, hop INTEGER NOT NULL);
                CREATE INDEX events_by_time ON events (ingested_at);
                INSERT INTO events VALUES ('lonely', '123456789012', 'us-east-1', 'default', X'7B7D', 1767225600000, 0);
                INSERT INTO deliveries VALUES
                    (7, 'e1', '123456789012', 'us-east-1', 'default', CAST('{"id":"e1"}' AS BLOB), 1767225600000, 0, '123456789012', 'us-east-1', 'default', 'r', 'a'),
                    (8, 'e1', '123456789012', 'us-east-1', 'default', CAST('{"id":"e1"}' AS BLOB), 1767225600000, 0, '123456789012', 'us-east-1', 'default', 'r', 'b'),
                    (9, 'e1', '123456789012', 'us-east-1', 'other', CAST('{"id":"e1"}' AS BLOB), 1767225600001, 1, '123456789012', 'us-east-1', 'other', 'r2', 'c');
                """;
            create.ExecuteNonQuery();
        }

        var clock = new ManualTimeProvider(Start);
        using (var journal = Open("node-1", clock, exclusive: true))
        {
            var pending = await Claim(journal);
            Assert.Equal(["a", "b", "c"], pending.Select(d => d.Task.TargetId));
            Assert.Same(pending[0].Event, pending[1].Event);
            Assert.Equal("other", pending[2].Event.BusName);
            Assert.Equal(1, pending[2].Event.Hop);
            Assert.Equal("{\"id\":\"e1\"}", System.Text.Encoding.UTF8.GetString(pending[0].Event.Envelope));
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1767225600000), pending[0].Event.IngestedAt);
            Assert.All(pending, d => Assert.Equal(0, d.Attempts));
            journal.Complete(pending[0].Id);
        }
        using (var reopened = Open("node-2", clock, exclusive: true))
        {
            Assert.Equal(["b", "c"], (await Claim(reopened)).Select(d => d.Task.TargetId));
        }
        using var check = new SqliteConnection($"Data Source={Path.Combine(_directory, "journal.db")};Pooling=False");
        check.Open();
        using var query = check.CreateCommand();
        query.CommandText = "SELECT group_concat(name) FROM (SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('deliveries', 'events'))";
        Assert.True(query.ExecuteScalar() is DBNull or null);
        query.CommandText = "SELECT group_concat(event_id || '@' || bus_name) FROM (SELECT event_id, bus_name FROM event_log ORDER BY id)";
        Assert.Equal("lonely@default,e1@default,e1@other", query.ExecuteScalar());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
