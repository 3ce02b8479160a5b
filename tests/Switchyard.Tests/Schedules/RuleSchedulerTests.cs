using Microsoft.Extensions.Logging.Abstractions;
using Switchyard.Delivery.Scheduling;
using Switchyard.Domain;
using Switchyard.Domain.Rules;
using Switchyard.Domain.Targets;
using Switchyard.Storage;
using Switchyard.Storage.Catalog;
using Switchyard.Storage.Versioned;
using Switchyard.Storage.Leases;
using static Switchyard.Tests.Schedules.ScheduleExpressionTests;
using Rule = Switchyard.Domain.Rules.Rule;

namespace Switchyard.Tests.Schedules;

/// <summary>
/// The scheduler as a running hosted service on a fake clock: the test moves the clock past a firing and waits for
/// the event sink to receive the "Scheduled Event" (bounded real-time waits; nothing sleeps for a schedule).
/// </summary>
public sealed class RuleSchedulerTests : IAsyncLifetime
{
    private static readonly AccountRegion Scope = new("123456789012", "us-east-1");
    private readonly InMemoryStateStore _store = new();
    private readonly ManualClock _clock = new(Time("2026-11-26T12:00:00Z"));
    private readonly RecordingEventSink _sink = new();
    private readonly RuleCatalog _rules;
    private readonly RuleScheduler _scheduler;
    private readonly InMemoryLeaseStore _leaseStore = new();
    private readonly LeaseKeeper _leases;

    public RuleSchedulerTests()
    {
        _rules = new RuleCatalog(new ChangeFeedPump(new InMemoryVersionedStore()));
        var book = new ScheduleBook(_rules, _store, _clock, NullLogger<ScheduleBook>.Instance);
        _leases = new LeaseKeeper(_leaseStore, new NodeIdentity("this-node"), TimeProvider.System, NullLogger<LeaseKeeper>.Instance);
        _scheduler = new RuleScheduler(book, _rules, _sink, _clock, _leases, NullLogger<RuleScheduler>.Instance);
    }

    // As the server does: the lease keeper starts (and takes its leases) before the scheduler.
    public async Task InitializeAsync()
    {
        await _leases.StartAsync(CancellationToken.None);
        await _scheduler.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _scheduler.StopAsync(CancellationToken.None);
        _scheduler.Dispose();
        await _leases.StopAsync(CancellationToken.None);
        _leases.Dispose();
    }

    [Fact]
    public async Task A_one_minute_rate_fires_once_a_minute_with_the_scheduled_event_envelope()
    {
        Put("tick", "rate(1 minute)", "lambda", "queue");
        await AdvanceToAsync("2026-11-26T12:01:00Z");

        var (accepted, deliveries) = Assert.Single(await _sink.WaitForAsync(1));
        var envelope = RecordingEventSink.Envelope(accepted);
        Assert.Equal(
            ["version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"],
            envelope.EnumerateObject().Select(p => p.Name));
        Assert.Equal("0", envelope.GetProperty("version").GetString());
        Assert.True(Guid.TryParse(envelope.GetProperty("id").GetString(), out _));
        Assert.Equal(accepted.EventId, envelope.GetProperty("id").GetString());
        Assert.Equal("Scheduled Event", envelope.GetProperty("detail-type").GetString());
        Assert.Equal("aws.events", envelope.GetProperty("source").GetString());
        Assert.Equal("123456789012", envelope.GetProperty("account").GetString());
        Assert.Equal("2026-11-26T12:01:00Z", envelope.GetProperty("time").GetString());
        Assert.Equal("us-east-1", envelope.GetProperty("region").GetString());
        Assert.Equal("""["arn:aws:events:us-east-1:123456789012:rule/tick"]""", envelope.GetProperty("resources").GetRawText());
        Assert.Equal("{}", envelope.GetProperty("detail").GetRawText());
        Assert.Equal((Scope, "default", 0), (accepted.BusScope, accepted.BusName, accepted.Hop));

        Assert.Equal(["lambda", "queue"], deliveries.Select(d => d.TargetId));
        Assert.All(deliveries, d => Assert.Equal((accepted.EventId, Scope, "default", "tick"), (d.EventId, d.RuleScope, d.BusName, d.RuleName)));

        await AdvanceToAsync("2026-11-26T12:02:00Z");
        var second = (await _sink.WaitForAsync(2))[1];
        Assert.Equal("2026-11-26T12:02:00Z", RecordingEventSink.Envelope(second.Event).GetProperty("time").GetString());
        Assert.NotEqual(accepted.EventId, second.Event.EventId);
    }

    [Fact]
    public async Task Cron_fires_at_its_times_and_only_to_the_firing_rules_targets()
    {
        Put("quarter", "cron(0/15 * * * ? *)", "q-target");
        Put("daily", "cron(0 18 * * ? *)", "d-target");
        await AdvanceToAsync("2026-11-26T12:15:00Z");

        var (accepted, deliveries) = Assert.Single(await _sink.WaitForAsync(1));
        Assert.Equal("2026-11-26T12:15:00Z", RecordingEventSink.Envelope(accepted).GetProperty("time").GetString());
        Assert.Equal("q-target", Assert.Single(deliveries).TargetId);

        await AdvanceToAsync("2026-11-26T12:30:00Z");
        await _sink.WaitForAsync(2);
        Assert.All(_sink.Accepted, a => Assert.Equal("quarter", Assert.Single(a.Deliveries).RuleName));
    }

    [Fact]
    public async Task Disabling_or_deleting_a_rule_stops_it()
    {
        Put("stays", "rate(1 minute)", "t");
        Put("disabled", "rate(1 minute)", "t");
        Put("deleted", "rate(1 minute)", "t");
        await AdvanceToAsync("2026-11-26T12:01:00Z");
        Assert.Equal(3, (await _sink.WaitForAsync(3)).Count);

        _rules.Update(Scope, "default", "disabled", r => r with { State = RuleStates.Disabled });
        _rules.Delete(Scope, "default", "deleted");
        await AdvanceToAsync("2026-11-26T12:02:00Z");
        await _sink.WaitForAsync(4);
        await AdvanceToAsync("2026-11-26T12:03:00Z");
        var all = await _sink.WaitForAsync(5);
        // "stays" fired at the same instants as the others would have: had they fired, they would be here too.
        Assert.Equal(["stays", "stays"], all.Skip(3).Select(a => a.Deliveries[0].RuleName));
    }

    [Fact]
    public async Task A_rule_created_while_the_scheduler_sleeps_wakes_it()
    {
        Put("hourly", "cron(0 * * * ? *)", "t");
        await _clock.WaitForTimerAsync(Time("2026-11-26T12:01:00Z")); // idle: sleeps at most a minute
        await AdvanceToAsync("2026-11-26T12:00:30Z");
        Put("soon", "rate(1 minute)", "t"); // anchored at 12:00:30
        await AdvanceToAsync("2026-11-26T12:01:30Z");
        var (accepted, _) = Assert.Single(await _sink.WaitForAsync(1));
        Assert.Equal("2026-11-26T12:01:30Z", RecordingEventSink.Envelope(accepted).GetProperty("time").GetString());
    }

    [Fact]
    public async Task A_rule_with_a_pattern_and_a_schedule_fires_on_schedule()
    {
        _rules.Put(Scope, "default", "both", _ => NewRule("both", "rate(1 minute)", "t") with { EventPattern = """{"source":["app"]}""" });
        await AdvanceToAsync("2026-11-26T12:01:00Z");
        Assert.Single(await _sink.WaitForAsync(1));

        // ... and its pattern still routes the bus's events.
        var router = new Switchyard.Domain.Routing.BusRouter(_rules, NullLogger<Switchyard.Domain.Routing.BusRouter>.Instance);
        var matched = new List<Rule>();
        router.Match(Scope, "default", """{"source":"app","detail-type":"x","detail":{}}"""u8, matched);
        Assert.Equal(["both"], matched.Select(r => r.Name));
    }

    /// <summary>Moves the clock to <paramref name="time"/> once the scheduler sleeps until then.</summary>
    [Fact]
    public async Task Without_its_lease_the_scheduler_does_not_fire_and_fires_once_it_gains_the_lease()
    {
        Put("tick", "rate(1 minute)", "lambda");
        await _clock.WaitForSleeperAsync(); // the scheduler, holding the lease, sleeps until the first firing
        // Another process takes the lease (this one gives it up first and starts again, as if it had never held it).
        await _leases.StopAsync(CancellationToken.None);
        Assert.True(_leaseStore.TryAcquire(LeaseNames.RuleScheduler, "other-node", TimeSpan.FromHours(1)));
        await _leases.StartAsync(CancellationToken.None);
        Assert.False(_leases.Holds(LeaseNames.RuleScheduler));

        // Straight there (the scheduler, without its lease, may be waiting for it rather than sleeping on the clock).
        _clock.Advance(Time("2026-11-26T12:01:00Z") - _clock.GetUtcNow());
        await Assert.ThrowsAsync<TimeoutException>(() => _sink.WaitForAsync(1, TimeSpan.FromMilliseconds(500)));

        // The other process stops; this one's next heartbeat takes the lease and the due firing goes out.
        _leaseStore.Release(LeaseNames.RuleScheduler, "other-node");
        _leases.Heartbeat();
        Assert.True(_leases.Holds(LeaseNames.RuleScheduler));
        var (accepted, _) = Assert.Single(await _sink.WaitForAsync(1));
        Assert.Equal("2026-11-26T12:01:00Z", RecordingEventSink.Envelope(accepted).GetProperty("time").GetString());
    }

    [Fact]
    public async Task A_node_that_takes_the_clock_over_does_not_fire_again_what_the_old_holder_fired()
    {
        Put("tick", "rate(1 minute)", "lambda");
        await _clock.WaitForSleeperAsync();
        await _leases.StopAsync(CancellationToken.None);
        Assert.True(_leaseStore.TryAcquire(LeaseNames.RuleScheduler, "other-node", TimeSpan.FromHours(1)));
        await _leases.StartAsync(CancellationToken.None);

        // The other node (same database) fires 12:01 and records it, then dies; this one takes the clock at 12:01:40.
        _clock.Advance(Time("2026-11-26T12:01:40Z") - _clock.GetUtcNow());
        var key = $"{Scope.AccountId}/{Scope.Region}/default/tick";
        var stored = System.Text.Json.JsonSerializer.Deserialize(Assert.Single(_store.LoadAll(ScheduleBook.StateKind)).Document,
            SchedulingJsonContext.Default.ScheduleProgress)!;
        _store.Put(ScheduleBook.StateKind, key, System.Text.Json.JsonSerializer.Serialize(
            stored with { LastFiredAt = Time("2026-11-26T12:01:00Z") }, SchedulingJsonContext.Default.ScheduleProgress));
        _leaseStore.Release(LeaseNames.RuleScheduler, "other-node");
        _leases.Heartbeat();
        Assert.True(_leases.Holds(LeaseNames.RuleScheduler));

        await Assert.ThrowsAsync<TimeoutException>(() => _sink.WaitForAsync(1, TimeSpan.FromMilliseconds(500)));
        await AdvanceToAsync("2026-11-26T12:02:00Z");
        var (accepted, _) = Assert.Single(await _sink.WaitForAsync(1));
        Assert.Equal("2026-11-26T12:02:00Z", RecordingEventSink.Envelope(accepted).GetProperty("time").GetString());
    }

    private async Task AdvanceToAsync(string time)
    {
        // The scheduler sleeps at most a minute at a time: follow it from one wake-up to the next.
        var at = Time(time);
        while (_clock.GetUtcNow() < at)
        {
            var due = await _clock.WaitForSleeperAsync();
            _clock.Advance((due < at ? due : at) - _clock.GetUtcNow());
        }
    }

    private void Put(string name, string expression, params string[] targetIds) =>
        _rules.Put(Scope, "default", name, _ => NewRule(name, expression, targetIds));

    private Rule NewRule(string name, string expression, params string[] targetIds) => new()
    {
        AccountId = Scope.AccountId,
        Region = Scope.Region,
        BusName = "default",
        Name = name,
        ScheduleExpression = expression,
        State = RuleStates.Enabled,
        CreatedBy = Scope.AccountId,
        CreationTime = _clock.GetUtcNow(),
        Targets = targetIds.Select(id => new RuleTarget { Id = id, Arn = $"arn:aws:lambda:us-east-1:123456789012:function:{id}" }).ToList(),
    };
}
