using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Switchyard.Delivery.Archives;
using Switchyard.Delivery.Journal;
using Switchyard.Domain;
using Switchyard.Domain.Routing;
using Switchyard.Storage.Leases;
using Switchyard.Tests.Storage.Postgres;

namespace Switchyard.Tests.Archives;

/// <summary>
/// What every journal that stores archives must do (<see cref="IArchiveStore"/>, <see cref="IArchiveReader"/>): one row
/// per event and archive, written with the event; exact totals; pages in position order within a time range; removal
/// (all, or archived before a time) that totals follow.
/// </summary>
public abstract class ArchiveStoreContractTests : IDisposable
{
    protected static readonly AccountRegion Scope = new("123456789012", "us-east-1");
    protected const string ArchiveA = "arn:aws:events:us-east-1:123456789012:archive/a";
    protected const string ArchiveB = "arn:aws:events:us-east-1:123456789012:archive/b";
    protected static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    protected abstract IEventJournal Journal { get; }

    private IArchiveStore Store => (IArchiveStore)Journal;

    public virtual void Dispose() => GC.SuppressFinalize(this);

    /// <summary>An event put at <paramref name="ingestedAt"/> whose envelope's time is <paramref name="eventTime"/>.</summary>
    protected static AcceptedEvent Event(string id, DateTimeOffset eventTime, DateTimeOffset? ingestedAt = null, params string[] archives)
    {
        var envelope = Encoding.UTF8.GetBytes($"{{\"id\":\"{id}\",\"time\":\"{EventEnvelope.FormatTime(eventTime)}\"}}");
        return new AcceptedEvent(id, Scope, "default", envelope, ingestedAt ?? eventTime, 0)
        {
            Archives = archives.Length == 0 ? null : new ArchiveCapture(archives, eventTime),
        };
    }

    protected Task AppendAsync(params AcceptedEvent[] events) => Journal.AppendAsync(events, [], default).AsTask();

    private static List<string> Ids(IEnumerable<ArchivedEvent> events) =>
        events.Select(e => System.Text.Json.JsonDocument.Parse(e.Envelope).RootElement.GetProperty("id").GetString()!).ToList();

    [Fact]
    public async Task Each_event_is_stored_once_per_archive_it_names_with_exact_totals()
    {
        var both = Event("both", T0, null, ArchiveA, ArchiveB);
        await AppendAsync(both, Event("none", T0), Event("onlyA", T0.AddSeconds(1), null, ArchiveA));
        Assert.Equal(new ArchiveTotals(2, both.Envelope.Length + Event("onlyA", T0.AddSeconds(1)).Envelope.Length), Store.Totals(ArchiveA));
        Assert.Equal(new ArchiveTotals(1, both.Envelope.Length), Store.Totals(ArchiveB));
        Assert.Equal(default, Store.Totals("arn:aws:events:us-east-1:123456789012:archive/unknown"));
        var read = Store.Read(ArchiveA, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 0, 100, DateTimeOffset.MinValue);
        Assert.Equal(["both", "onlyA"], Ids(read));
        Assert.Equal(both.Envelope, read[0].Envelope);
        Assert.Equal(T0, read[0].EventTime);
        Assert.Equal(["both"], Ids(Store.Read(ArchiveB, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 0, 100, DateTimeOffset.MinValue)));
    }

    [Fact]
    public async Task Reads_page_by_position_within_the_event_time_range()
    {
        // Event times out of order with positions: a replay's range is by the event's time, its order by position.
        var times = new[] { 5, 1, 3, 0, 4, 2, 6 };
        await AppendAsync(times.Select(m => Event($"m{m}", T0.AddMinutes(m), T0, ArchiveA)).ToArray());
        await AppendAsync(Event("other", T0.AddMinutes(2), T0, ArchiveB));

        // from inclusive, to exclusive.
        var range = Store.Read(ArchiveA, T0.AddMinutes(1), T0.AddMinutes(5), 0, 100, DateTimeOffset.MinValue);
        Assert.Equal(["m1", "m3", "m4", "m2"], Ids(range));
        Assert.True(range.Zip(range.Skip(1)).All(p => p.First.Position < p.Second.Position));

        var pages = new List<string>();
        long after = 0;
        while (true)
        {
            var page = Store.Read(ArchiveA, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, after, 3, DateTimeOffset.MinValue);
            Assert.True(page.Count <= 3);
            if (page.Count == 0) break;
            pages.AddRange(Ids(page));
            after = page[^1].Position;
        }
        Assert.Equal(times.Select(m => $"m{m}"), pages);
        Assert.Empty(Store.Read(ArchiveA, T0.AddMinutes(7), T0.AddMinutes(9), 0, 100, DateTimeOffset.MinValue));
        Assert.Empty(Store.Read(ArchiveA, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 0, 0, DateTimeOffset.MinValue));
    }

    [Fact]
    public async Task Removing_before_a_time_expires_by_when_events_were_archived()
    {
        // An event put late with an old time is archived late: retention counts from when it was archived.
        await AppendAsync(
            Event("old", T0, T0, ArchiveA),
            Event("late-old-time", T0.AddDays(-30), T0.AddDays(2), ArchiveA),
            Event("new", T0.AddDays(2), T0.AddDays(2), ArchiveA),
            Event("b", T0, T0, ArchiveB));
        // Reads can leave out what is past retention before it is removed.
        Assert.Equal(["late-old-time", "new"], Ids(Store.Read(ArchiveA, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 0, 100, T0.AddDays(1))));
        var removed = await Store.RemoveAsync(ArchiveA, T0.AddDays(1), default);
        Assert.Equal(1, removed);
        Assert.Equal(["late-old-time", "new"], Ids(Store.Read(ArchiveA, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 0, 100, DateTimeOffset.MinValue)));
        Assert.Equal(2, Store.Totals(ArchiveA).EventCount);
        Assert.Equal(Store.Read(ArchiveA, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 0, 100, DateTimeOffset.MinValue).Sum(e => (long)e.Envelope.Length), Store.Totals(ArchiveA).SizeBytes);
        Assert.Equal(1, Store.Totals(ArchiveB).EventCount);
    }

    /// <summary>A removal of more than <paramref name="chunk"/> rows (the journal's removal chunk) removes them all.</summary>
    protected async Task RemovesInChunks(int chunk)
    {
        var count = chunk * 2 + 7;
        await AppendAsync(Enumerable.Range(0, count).Select(i => Event($"e{i}", T0, null, ArchiveA)).ToArray());
        Assert.Equal(count, Store.Totals(ArchiveA).EventCount);
        Assert.Equal(count, await Store.RemoveAsync(ArchiveA, null, default));
        Assert.Equal(default, Store.Totals(ArchiveA));
    }

    [Fact]
    public async Task Removing_all_empties_only_that_archive_and_later_events_get_later_positions()
    {
        await AppendAsync(Event("a1", T0, null, ArchiveA, ArchiveB), Event("a2", T0, null, ArchiveA));
        var last = Store.Read(ArchiveA, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 0, 100, DateTimeOffset.MinValue)[^1].Position;
        Assert.Equal(2, await Store.RemoveAsync(ArchiveA, null, default));
        Assert.Equal(default, Store.Totals(ArchiveA));
        Assert.Empty(Store.Read(ArchiveA, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 0, 100, DateTimeOffset.MinValue));
        Assert.Equal(1, Store.Totals(ArchiveB).EventCount);
        await AppendAsync(Event("a3", T0, null, ArchiveA));
        var again = Assert.Single(Store.Read(ArchiveA, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 0, 100, DateTimeOffset.MinValue));
        Assert.True(again.Position > last);
        Assert.Equal(0, await Store.RemoveAsync("arn:aws:events:us-east-1:123456789012:archive/unknown", null, default));
    }
}

public sealed class InMemoryArchiveStoreTests : ArchiveStoreContractTests
{
    private readonly InMemoryEventJournal _journal = new();

    protected override IEventJournal Journal => _journal;
}

public sealed class SqliteArchiveStoreTests : ArchiveStoreContractTests
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"switchyard-archives-{Guid.NewGuid():N}");
    private SqliteEventJournal? _journal;

    protected override IEventJournal Journal => _journal ??= Open();

    private SqliteEventJournal Open() => new(_directory, "FULL", NullLogger<SqliteEventJournal>.Instance);

    public override void Dispose()
    {
        _journal?.Dispose();
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
        base.Dispose();
    }

    [Fact]
    public async Task Archived_events_and_totals_survive_reopening()
    {
        await AppendAsync(Event("e1", T0, null, ArchiveA), Event("e2", T0.AddMinutes(1), null, ArchiveA));
        var before = ((IArchiveStore)Journal).Read(ArchiveA, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 0, 10, DateTimeOffset.MinValue);
        var totals = ((IArchiveStore)Journal).Totals(ArchiveA);
        _journal!.Dispose();
        _journal = Open();
        var store = (IArchiveStore)_journal;
        Assert.Equal(totals, store.Totals(ArchiveA));
        var after = store.Read(ArchiveA, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 0, 10, DateTimeOffset.MinValue);
        Assert.Equal(before.Select(e => (e.Position, e.EventTime, Encoding.UTF8.GetString(e.Envelope))),
            after.Select(e => (e.Position, e.EventTime, Encoding.UTF8.GetString(e.Envelope))));
        await AppendAsync(Event("e3", T0, null, ArchiveA));
        Assert.True(store.Read(ArchiveA, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, after[^1].Position, 10, DateTimeOffset.MinValue).Single().Position > after[^1].Position);
    }

    [Fact]
    public Task A_removal_larger_than_one_chunk_takes_several_commits_and_removes_everything() => RemovesInChunks(SqliteArchiveRows.RemoveChunk);
}

public sealed class PostgresArchiveStoreTests : ArchiveStoreContractTests
{
    private readonly PostgresTestDatabase _database = new();
    private PostgresEventJournal? _journal;

    protected override IEventJournal Journal => _journal ??= Open();

    private PostgresEventJournal Open() => new(_database.OpenNode(), NullLogger<PostgresEventJournal>.Instance,
        new JournalLeasing(NodeIdentity.NewRandom().Id, JournalLeasing.DefaultLeaseDuration, false, TimeSpan.FromMinutes(5)));

    public override void Dispose()
    {
        _journal?.Dispose();
        _database.Dispose();
        base.Dispose();
    }

    [Fact]
    public async Task Another_node_reads_the_same_archive_and_its_events_follow_in_position_order()
    {
        await AppendAsync(Event("e1", T0, null, ArchiveA), Event("e2", T0.AddMinutes(1), null, ArchiveA));
        using var other = Open();
        await other.AppendAsync([Event("e3", T0, null, ArchiveA)], [], default);
        var store = (IArchiveStore)Journal;
        Assert.Equal(3, store.Totals(ArchiveA).EventCount);
        Assert.Equal(store.Totals(ArchiveA), ((IArchiveStore)other).Totals(ArchiveA));
        var read = ((IArchiveStore)other).Read(ArchiveA, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 0, 10, DateTimeOffset.MinValue);
        Assert.Equal(["e1", "e2", "e3"], read.Select(e => System.Text.Json.JsonDocument.Parse(e.Envelope).RootElement.GetProperty("id").GetString()));
        Assert.Equal(3, await ((IArchiveStore)other).RemoveAsync(ArchiveA, null, default));
        Assert.Equal(default, store.Totals(ArchiveA));
    }

    [Fact]
    public Task A_removal_larger_than_one_chunk_takes_several_commits_and_removes_everything() => RemovesInChunks(PostgresArchiveRows.RemoveChunk);
}
