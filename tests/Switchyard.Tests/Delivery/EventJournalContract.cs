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
using Switchyard.Storage.Catalog;
using Switchyard.Storage.Versioned;
using Rule = Switchyard.Domain.Rules.Rule;

namespace Switchyard.Tests.Delivery;

/// <summary>
/// What every durable <see cref="IEventJournal"/> backend must do: appends durable and resumed after a restart, group
/// commits, the memory backlog and the disk backlog claimed oldest first, retention trimming, and retry counts and
/// backoff that survive a restart. A backend's test class derives from this and says how to open it and read its tables.
/// </summary>
public abstract class EventJournalContract : IDisposable
{
    private static readonly AccountRegion Scope = new("123456789012", "us-east-1");
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>How a test wants its journal opened; null: the backend's default.</summary>
    protected sealed record JournalSetup(DeliveryQueue? Queue = null, int MemoryBacklog = int.MaxValue, TimeSpan? EventRetention = null,
        JournalLeasing? Leasing = null, TimeProvider? Time = null);

    /// <summary>An event as the backend's event log holds it.</summary>
    protected sealed record LoggedEvent(string EventId, string Account, string Region, string BusName, byte[] Envelope, long Hop);

    /// <summary>Opens an instance of the backend on this test's storage (a new node unless the setup names one).</summary>
    protected abstract IEventJournal Open(JournalSetup setup);

    /// <summary>The rows of the delivery queue that are leased (or not).</summary>
    protected abstract long CountDeliveryRows(bool leased);

    /// <summary>The event log, oldest first.</summary>
    protected abstract List<LoggedEvent> ReadEventLog();

    private IEventJournal Open() => Open(new JournalSetup());

    private IEventJournal Open(DeliveryQueue queue, int backlog) => Open(new JournalSetup(queue, backlog));

    protected static List<PendingDelivery> Claim(IEventJournal journal, int max = 100_000) =>
        journal.ClaimAsync(max, default).AsTask().GetAwaiter().GetResult().Deliveries.ToList();

    private static List<DeliveryTask> Tasks(string eventId, int count) =>
        Enumerable.Range(0, count).Select(i => Task(eventId, target: $"{eventId}-t{i}")).ToList();

    private static List<PendingDelivery> Drain(DeliveryQueue queue)
    {
        var taken = new List<PendingDelivery>();
        while (queue.Reader.TryRead(out var delivery)) taken.Add(delivery);
        return taken;
    }

    internal static AcceptedEvent Event(string id, int hop = 0) =>
        new(id, Scope, "default", System.Text.Encoding.UTF8.GetBytes($"{{\"id\":\"{id}\"}}"), DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), hop);

    internal static DeliveryTask Task(string eventId, string rule = "r", string target = "t") => new(eventId, Scope, "default", rule, target);

    [Fact]
    public async Task Appended_deliveries_are_pending_after_reopening()
    {
        using (var journal = Open())
        {
            var rows = await journal.AppendAsync([Event("e1"), Event("e2", hop: 1)], [Task("e1", target: "a"), Task("e1", target: "b"), Task("e2")], default);
            Assert.Equal(3, rows.Count);
            Assert.Same(rows[0].Event, rows[1].Event);
        }
        using (var reopened = Open())
        {
            var pending = Claim(reopened);
            Assert.Equal(["a", "b", "t"], pending.Select(p => p.Task.TargetId));
            Assert.Equal("e2", pending[2].Event.EventId);
            Assert.Equal(1, pending[2].Event.Hop);
            Assert.Equal("{\"id\":\"e2\"}", System.Text.Encoding.UTF8.GetString(pending[2].Event.Envelope));
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), pending[2].Event.IngestedAt);
            Assert.Same(pending[0].Event, pending[1].Event);
        }
    }

    [Fact]
    public async Task Completed_deliveries_are_not_resumed_and_ids_keep_growing()
    {
        long lastId;
        using (var journal = Open())
        {
            var rows = await journal.AppendAsync([Event("e1")], [Task("e1", target: "a"), Task("e1", target: "b")], default);
            journal.Complete(rows[0].Id);
            lastId = rows[1].Id;
        }
        using (var reopened = Open())
        {
            var pending = Assert.Single(Claim(reopened));
            Assert.Equal("b", pending.Task.TargetId);
            var more = await reopened.AppendAsync([Event("e3")], [Task("e3")], default);
            Assert.True(more[0].Id > lastId);
        }
    }

    [Fact]
    public async Task Completions_out_of_order_remove_exactly_those_deliveries()
    {
        using (var journal = Open())
        {
            var rows = await journal.AppendAsync([Event("e1")], Enumerable.Range(0, 6).Select(i => Task("e1", target: $"t{i}")).ToList(), default);
            foreach (var i in new[] { 4, 0, 2, 3 }) journal.Complete(rows[i].Id);
        }
        using var reopened = Open();
        Assert.Equal(["t1", "t5"], Claim(reopened).Select(p => p.Task.TargetId));
    }

    [Fact]
    public async Task Concurrent_appends_share_commits_and_all_become_durable()
    {
        using (var journal = Open())
        {
            var appends = Enumerable.Range(0, 200).Select(i => System.Threading.Tasks.Task.Run(async () =>
            {
                var events = Enumerable.Range(0, 10).Select(j => Event($"e{i}-{j}")).ToList();
                return await journal.AppendAsync(events, events.Select(e => Task(e.EventId)).ToList(), default);
            })).ToList();
            var results = await System.Threading.Tasks.Task.WhenAll(appends);
            Assert.Equal(2000, results.SelectMany(r => r).Select(r => r.Id).Distinct().Count());
        }
        using var reopened = Open();
        Assert.Equal(2000, Claim(reopened).Count);
    }

    [Fact]
    public async Task Events_without_deliveries_are_durable_but_not_resumed()
    {
        var lonely = Event("lonely") with { IngestedAt = DateTimeOffset.UtcNow };
        using (var journal = Open())
        {
            Assert.Empty(await journal.AppendAsync([lonely], [], default));
        }
        using (var reopened = Open())
        {
            Assert.Empty(Claim(reopened));
        }
        var logged = Assert.Single(ReadEventLog());
        Assert.Equal("lonely", logged.EventId);
        Assert.Equal("{\"id\":\"lonely\"}", System.Text.Encoding.UTF8.GetString(logged.Envelope));
    }

    [Fact]
    public async Task Many_events_in_one_commit_are_all_written_whole()
    {
        // More than one multi-row statement's worth plus a remainder, with non-ASCII text and a long envelope.
        var events = Enumerable.Range(0, 75).Select(i => Event($"é-{i}") with
        {
            BusName = $"bus-ü-{i}",
            Envelope = System.Text.Encoding.UTF8.GetBytes($"{{\"id\":\"{i}\",\"pad\":\"{new string('x', i * 40)}\"}}"),
            IngestedAt = DateTimeOffset.UtcNow,
            Hop = i % 2,
        }).ToList();
        using (var journal = Open())
        {
            Assert.Empty(await journal.AppendAsync(events, [], default));
        }
        var logged = ReadEventLog();
        Assert.Equal(75, logged.Count);
        for (var i = 0; i < logged.Count; i++)
        {
            Assert.Equal($"é-{i}", logged[i].EventId);
            Assert.Equal($"bus-ü-{i}", logged[i].BusName);
            Assert.Equal(events[i].Envelope, logged[i].Envelope);
            Assert.Equal(i % 2, logged[i].Hop);
            Assert.Equal(Scope.AccountId, logged[i].Account);
            Assert.Equal(Scope.Region, logged[i].Region);
        }
    }

    [Fact]
    public async Task Beyond_the_memory_backlog_deliveries_wait_in_the_journal_and_come_back_oldest_first()
    {
        var queue = new DeliveryQueue();
        using var journal = Open(queue, backlog: 10);

        // Room: handed out at once (the sink puts them in the queue).
        var first = await journal.AppendAsync([Event("a")], Tasks("a", 8), default);
        Assert.Equal(8, first.Count);
        foreach (var delivery in first) queue.Enqueue(delivery);
        Assert.False(journal.HasDiskBacklog);

        // No room for 5 more: durable, but not handed out; later appends queue up behind them on disk.
        Assert.Empty(await journal.AppendAsync([Event("b")], Tasks("b", 5), default));
        Assert.True(journal.HasDiskBacklog);
        Assert.Empty(await journal.AppendAsync([Event("c")], Tasks("c", 1), default));

        // The workers take the first eight; a refill hands out the six waiting, oldest first, and the backlog is gone.
        var taken = Drain(queue);
        Assert.Equal(first.Select(d => d.Id), taken.Select(d => d.Id));
        var refilled = Claim(journal, 10);
        Assert.Equal(["b-t0", "b-t1", "b-t2", "b-t3", "b-t4", "c-t0"], refilled.Select(d => d.Task.TargetId));
        Assert.True(refilled[0].Id > first[^1].Id);
        Assert.Same(refilled[0].Event, refilled[4].Event);
        Assert.False(journal.HasDiskBacklog);
        Assert.Empty(Claim(journal, 10));

        // With the backlog gone, appends go straight out again.
        var later = await journal.AppendAsync([Event("d")], Tasks("d", 2), default);
        Assert.Equal(2, later.Count);
        Assert.True(later[0].Id > refilled[^1].Id);
    }

    [Fact]
    public async Task A_commit_that_leaves_deliveries_on_disk_raises_the_refill_signal_and_one_that_hands_out_does_not()
    {
        var queue = new DeliveryQueue();
        using var journal = Open(queue, backlog: 3);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        Assert.Equal(2, (await journal.AppendAsync([Event("a")], Tasks("a", 2), default)).Count);
        var wait = queue.WaitForRefillSignalAsync(timeout.Token);
        Assert.False(wait.IsCompleted); // handed out: nothing for the refill loop to do

        Assert.Empty(await journal.AppendAsync([Event("b")], Tasks("b", 5), default));
        await wait; // the dispatcher's refill loop wakes (it would otherwise sleep until the next signal)
        Assert.True(journal.HasDiskBacklog);
    }

    [Fact]
    public async Task A_refill_smaller_than_the_backlog_leaves_the_rest_for_the_next()
    {
        var queue = new DeliveryQueue();
        using var journal = Open(queue, backlog: 3);
        Assert.Empty(await journal.AppendAsync([Event("a")], Tasks("a", 7), default)); // more than fit at all
        var seen = new List<string>();
        while (journal.HasDiskBacklog)
        {
            var rows = Claim(journal, 3);
            Assert.True(rows.Count <= 3);
            seen.AddRange(rows.Select(r => r.Task.TargetId));
        }
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"a-t{i}"), seen);
    }

    [Fact]
    public async Task A_restart_claims_a_bounded_batch_oldest_first_and_leases_only_those()
    {
        var queue = new DeliveryQueue();
        using (var journal = Open(queue, backlog: 100_000))
        {
            for (var i = 0; i < 5; i++) Assert.Equal(1000, (await journal.AppendAsync([Event($"a{i}")], Tasks($"a{i}", 1000), default)).Count);
        }
        using var reopened = Open(new DeliveryQueue(), backlog: 4);
        var resumed = Claim(reopened, 4);
        Assert.Equal(["a0-t0", "a0-t1", "a0-t2", "a0-t3"], resumed.Select(d => d.Task.TargetId));
        // The start-up claim read and leased its batch and nothing else: the other 4,996 rows wait unleased.
        Assert.Equal(4, CountDeliveryRows(leased: true));
        Assert.Equal(4996, CountDeliveryRows(leased: false));
        var rest = new List<PendingDelivery>();
        while (true)
        {
            var rows = Claim(reopened, 1000);
            rest.AddRange(rows);
            if (rows.Count < 1000) break;
        }
        Assert.Equal(4996, rest.Count);
        Assert.True(rest.Zip(rest.Skip(1)).All(pair => pair.First.Id < pair.Second.Id));
        var more = await reopened.AppendAsync([Event("b")], Tasks("b", 1), default);
        Assert.True(more[0].Id > rest[^1].Id);
    }

    [Fact]
    public async Task Events_past_the_retention_period_are_trimmed_as_commits_go_on()
    {
        var now = DateTimeOffset.UtcNow;
        using (var journal = Open(new JournalSetup(EventRetention: TimeSpan.FromMinutes(1))))
        {
            await journal.AppendAsync([Event("old") with { IngestedAt = now.AddMinutes(-2) }, Event("fresh") with { IngestedAt = now }], [], default);
            await System.Threading.Tasks.Task.Delay(TimeSpan.FromSeconds(1.2)); // trims run at most once a second
            await journal.AppendAsync([Event("later") with { IngestedAt = now }], [], default);
        }
        Assert.Equal(["fresh", "later"], ReadEventLog().Select(e => e.EventId));
    }

    [Fact]
    public async Task Retry_counts_and_backoff_survive_a_restart()
    {
        var clock = new ManualTimeProvider(Start);
        var invoker = new FailingInvoker(failures: 2);
        using (var first = Open(new JournalSetup(Leasing: Leasing("node-1"), Time: clock)))
        {
            var dispatcher = Dispatcher(first, clock, invoker);
            var delivery = Assert.Single(await first.AppendAsync([Event("e1") with { IngestedAt = Start }], [Task("e1")], default));
            await dispatcher.DeliverAsync(delivery, default); // attempt 1 fails: retry in 10 s
            var waiting = await first.ClaimAsync(10, default);
            Assert.Empty(waiting.Deliveries);
            Assert.Equal(Start + TimeSpan.FromSeconds(10), waiting.NextClaimableAt);
            clock.Advance(TimeSpan.FromSeconds(10));
            var again = Assert.Single(Claim(first));
            Assert.Equal(1, again.Attempts);
            await dispatcher.DeliverAsync(again, default); // attempt 2 fails: retry in 20 s
        }

        // A new process: the count and the backoff come from the journal, not from zero.
        using var second = Open(new JournalSetup(Leasing: Leasing("node-2"), Time: clock));
        var due = clock.GetUtcNow() + TimeSpan.FromSeconds(20);
        var early = await second.ClaimAsync(10, default);
        Assert.Empty(early.Deliveries);
        Assert.Equal(due, early.NextClaimableAt);
        clock.Advance(TimeSpan.FromSeconds(20) - TimeSpan.FromMilliseconds(1));
        Assert.Empty(Claim(second));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var resumed = Assert.Single(Claim(second));
        Assert.Equal(2, resumed.Attempts);
        Assert.Equal(DeliveryErrorCodes.ThirdPartyError, resumed.LastFailure?.ErrorCode);
        Assert.Equal("down", resumed.LastFailure?.ErrorMessage);
        await Dispatcher(second, clock, invoker).DeliverAsync(resumed, default);
        Assert.Equal([1, 2, 3], invoker.Attempts);
    }

    /// <summary>A node's leasing; the data directory exclusive where the backend has one (SQLite).</summary>
    private static JournalLeasing Leasing(string node) => new(node, TimeSpan.FromSeconds(10), ExclusiveDataDirectory: true, TimeSpan.FromMinutes(5));

    private static DeliveryDispatcher Dispatcher(IEventJournal journal, TimeProvider time, ITargetInvoker invoker)
    {
        var rules = new RuleCatalog(new ChangeFeedPump(new InMemoryVersionedStore()));
        rules.Put(Scope, "default", "r", _ => new Rule
        {
            AccountId = Scope.AccountId, Region = Scope.Region, BusName = "default", Name = "r", State = RuleStates.Enabled,
            EventPattern = """{"source":["s"]}""", CreatedBy = Scope.AccountId, CreationTime = Start,
            Targets = [new RuleTarget { Id = "t", Arn = "arn:aws:lambda:us-east-1:123456789012:function:f" }],
        });
        // random() = 1: each delay is the full ceiling, 10 s, 20 s, 40 s, ...
        return new DeliveryDispatcher(new DeliveryQueue(), journal, rules, new InputShaper(), [invoker], new NoDeadLetters(), new DeliveryMetrics(),
            new RetryBackoff(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5), () => 1.0), time, new DeliveryOptions(),
            NullLogger<DeliveryDispatcher>.Instance);
    }

    private sealed class FailingInvoker(int failures) : ITargetInvoker
    {
        public List<int> Attempts { get; } = [];

        public bool CanHandle(ParsedArn targetArn) => true;

        public ValueTask<InvocationResult> InvokeAsync(TargetInvocation invocation, CancellationToken cancellation)
        {
            Attempts.Add(invocation.Attempt);
            return ValueTask.FromResult(Attempts.Count <= failures
                ? InvocationResult.Failure(DeliveryErrorCodes.ThirdPartyError, "down", retryable: true)
                : InvocationResult.Success);
        }
    }

    private sealed class NoDeadLetters : IDeadLetterSender
    {
        public ValueTask<string?> SendAsync(string queueArn, DeadLetter letter, CancellationToken cancellation) => ValueTask.FromResult<string?>(null);
    }

    public virtual void Dispose()
    {
        GC.SuppressFinalize(this);
    }
}
