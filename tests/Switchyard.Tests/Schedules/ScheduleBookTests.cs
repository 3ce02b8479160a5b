using Microsoft.Extensions.Logging.Abstractions;
using Switchyard.Delivery.Scheduling;
using Switchyard.Domain;
using Switchyard.Domain.Rules;
using Switchyard.Storage;
using Switchyard.Storage.Catalog;
using Switchyard.Storage.Versioned;
using static Switchyard.Tests.Schedules.ScheduleExpressionTests;

namespace Switchyard.Tests.Schedules;

/// <summary>
/// When each schedule fires: the book's bookkeeping on its own, driven by explicit times (no threads, no waiting).
/// </summary>
public sealed class ScheduleBookTests
{
    private static readonly AccountRegion Scope = new("123456789012", "us-east-1");
    private readonly InMemoryStateStore _store = new();
    private readonly InMemoryVersionedStore _resources = new();
    private readonly ManualClock _clock = new(Time("2026-11-26T12:00:00.250Z"));
    private readonly RuleCatalog _rules;
    private readonly ScheduleBook _book;

    public ScheduleBookTests()
    {
        _rules = new RuleCatalog(new ChangeFeedPump(_resources));
        _book = NewBook();
    }

    [Fact]
    public void Rate_counts_from_the_whole_second_the_rule_was_created()
    {
        Put("every5", "rate(5 minutes)");
        Assert.Equal(Time("2026-11-26T12:05:00Z"), Next("every5"));
        Assert.Empty(_book.TakeDue(Time("2026-11-26T12:04:59Z")));

        var firing = Assert.Single(_book.TakeDue(Time("2026-11-26T12:05:00.100Z")));
        Assert.Equal(("every5", Time("2026-11-26T12:05:00Z")), (firing.RuleName, firing.ScheduledAt));
        Assert.Equal(Time("2026-11-26T12:10:00Z"), Next("every5"));
        Assert.Empty(_book.TakeDue(Time("2026-11-26T12:05:00.100Z")));
    }

    [Fact]
    public void A_scheduler_that_fell_behind_fires_once_with_the_latest_time_and_skips_ahead()
    {
        Put("every5", "rate(5 minutes)");
        var firing = Assert.Single(_book.TakeDue(Time("2026-11-26T12:23:00Z")));
        Assert.Equal(Time("2026-11-26T12:20:00Z"), firing.ScheduledAt);
        Assert.Equal(Time("2026-11-26T12:25:00Z"), Next("every5"));

        Put("quarterly", "cron(0/15 * * * ? *)");
        var cron = Assert.Single(_book.TakeDue(Time("2026-11-26T13:40:00Z")), f => f.RuleName == "quarterly");
        Assert.Equal(Time("2026-11-26T13:30:00Z"), cron.ScheduledAt);
        Assert.Equal(Time("2026-11-26T13:45:00Z"), Next("quarterly"));
    }

    [Fact]
    public void Cron_fires_at_its_utc_times()
    {
        Put("weekdays", "cron(0 18 ? * MON-FRI *)");
        Assert.Equal(Time("2026-11-26T18:00:00Z"), Next("weekdays"));
        Assert.Single(_book.TakeDue(Time("2026-11-26T18:00:00Z")));
        Assert.Equal(Time("2026-11-27T18:00:00Z"), Next("weekdays"));
        Assert.Single(_book.TakeDue(Time("2026-11-27T18:00:00Z")));
        Assert.Equal(Time("2026-11-30T18:00:00Z"), Next("weekdays"));
    }

    [Fact]
    public void Disabled_and_deleted_rules_stop_and_enabling_starts_the_rate_afresh()
    {
        Put("every5", "rate(5 minutes)");
        _rules.Update(Scope, "default", "every5", r => r with { State = RuleStates.Disabled });
        Assert.Null(Next("every5"));
        Assert.Empty(_book.TakeDue(Time("2026-11-26T12:30:00Z")));

        _clock.Advance(TimeSpan.FromMinutes(7));
        _rules.Update(Scope, "default", "every5", r => r with { State = RuleStates.Enabled });
        Assert.Equal(Time("2026-11-26T12:12:00Z"), Next("every5"));

        _rules.Update(Scope, "default", "every5", r => r with { State = RuleStates.EnabledWithAllCloudTrailManagementEvents });
        Assert.Equal(Time("2026-11-26T12:12:00Z"), Next("every5"));

        _rules.Delete(Scope, "default", "every5");
        Assert.Null(Next("every5"));
        Assert.Empty(_store.LoadAll(ScheduleBook.StateKind));
    }

    [Fact]
    public void Other_changes_keep_the_schedule_and_a_new_expression_restarts_it()
    {
        Put("every5", "rate(5 minutes)");
        _clock.Advance(TimeSpan.FromMinutes(2));
        _rules.Update(Scope, "default", "every5", r => r with { Description = "changed", EventPattern = """{"source":["a"]}""" });
        Assert.Equal(Time("2026-11-26T12:05:00Z"), Next("every5"));

        _rules.Update(Scope, "default", "every5", r => r with { ScheduleExpression = "rate(10 minutes)" });
        Assert.Equal(Time("2026-11-26T12:12:00Z"), Next("every5"));

        _rules.Update(Scope, "default", "every5", r => r with { ScheduleExpression = null });
        Assert.Null(Next("every5"));
    }

    [Fact]
    public void Pattern_only_rules_and_unparsable_expressions_are_not_scheduled()
    {
        _rules.Put(Scope, "default", "pattern", _ => NewRule("pattern", null) with { EventPattern = """{"source":["a"]}""" });
        Put("broken", "rate(1 fortnight)");
        Assert.Equal(0, _book.Count);
    }

    [Fact]
    public void A_restart_keeps_the_rate_phase_and_fires_nothing_when_nothing_was_missed()
    {
        Put("every5", "rate(5 minutes)");
        Assert.Single(_book.TakeDue(Time("2026-11-26T12:05:00Z")));
        _book.MarkFired(new ScheduledFiring(Scope, "default", "every5", "rate(5 minutes)", Time("2026-11-26T12:05:00Z")));

        _clock.Advance(TimeSpan.FromMinutes(8)); // 12:08:00.250, the 12:10 firing is still ahead
        var restarted = Restart();
        Assert.Equal(Time("2026-11-26T12:10:00Z"), restarted.NextFor(Scope, "default", "every5"));
        Assert.Empty(restarted.TakeDue(_clock.GetUtcNow()));
    }

    [Fact]
    public void A_restart_after_missed_firings_fires_once_with_the_latest_missed_time()
    {
        Put("every5", "rate(5 minutes)");
        Put("hourly", "cron(0 * * * ? *)");
        _book.MarkFired(new ScheduledFiring(Scope, "default", "every5", "rate(5 minutes)", Time("2026-11-26T12:05:00Z")));

        _clock.Advance(TimeSpan.FromHours(3)); // down from 12:00 until 15:00:00.250
        var restarted = Restart();
        var due = restarted.TakeDue(_clock.GetUtcNow()).OrderBy(f => f.RuleName).ToList();
        Assert.Equal(
            [("every5", Time("2026-11-26T15:00:00Z")), ("hourly", Time("2026-11-26T15:00:00Z"))],
            due.Select(f => (f.RuleName, f.ScheduledAt)));
        Assert.Equal(Time("2026-11-26T15:05:00Z"), restarted.NextFor(Scope, "default", "every5"));
        Assert.Equal(Time("2026-11-26T16:00:00Z"), restarted.NextFor(Scope, "default", "hourly"));
        Assert.Empty(restarted.TakeDue(_clock.GetUtcNow()));
    }

    [Fact]
    public void A_rule_found_without_progress_is_anchored_on_its_creation_time()
    {
        // As if the rule had been stored by a server without the scheduler: no progress record.
        _rules.Put(Scope, "default", "old", _ => NewRule("old", "rate(1 hour)") with { CreationTime = Time("2026-11-26T09:30:00Z") });
        _store.Delete(ScheduleBook.StateKind, "123456789012/us-east-1/default/old");

        var restarted = Restart();
        var firing = Assert.Single(restarted.TakeDue(_clock.GetUtcNow()));
        Assert.Equal(Time("2026-11-26T11:30:00Z"), firing.ScheduledAt);
        Assert.Equal(Time("2026-11-26T12:30:00Z"), restarted.NextFor(Scope, "default", "old"));
    }

    [Fact]
    public void Progress_of_rules_deleted_while_down_is_dropped()
    {
        _store.Put(ScheduleBook.StateKind, "123456789012/us-east-1/default/gone",
            """{"RuleKey":"123456789012/us-east-1/default/gone","Expression":"rate(1 hour)","Anchor":"2026-11-26T09:30:00+00:00"}""");
        Restart();
        Assert.Empty(_store.LoadAll(ScheduleBook.StateKind));
    }

    [Fact]
    public void Changes_wake_a_waiting_scheduler()
    {
        var changed = _book.WhenChanged();
        Assert.False(changed.IsCompleted);
        Put("every5", "rate(5 minutes)");
        Assert.True(changed.IsCompleted);
    }

    private ScheduleBook NewBook() => new(_rules, _store, _clock, NullLogger<ScheduleBook>.Instance);

    /// <summary>A new catalog and book over the same store, as a restarted server builds them.</summary>
    private ScheduleBook Restart() => new(new RuleCatalog(new ChangeFeedPump(_resources)), _store, _clock, NullLogger<ScheduleBook>.Instance);

    private void Put(string name, string expression) => _rules.Put(Scope, "default", name, _ => NewRule(name, expression));

    private DateTimeOffset? Next(string name) => _book.NextFor(Scope, "default", name);

    private Rule NewRule(string name, string? expression) => new()
    {
        AccountId = Scope.AccountId,
        Region = Scope.Region,
        BusName = "default",
        Name = name,
        ScheduleExpression = expression,
        State = RuleStates.Enabled,
        CreatedBy = Scope.AccountId,
        CreationTime = _clock.GetUtcNow(),
    };
}
