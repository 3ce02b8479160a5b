using System.Text.Json;
using Switchyard.Domain;
using Switchyard.Domain.Rules;
using Switchyard.Domain.Schedules;
using Switchyard.Storage;

namespace Switchyard.Delivery.Scheduling;

/// <summary>
/// The next firing time of every enabled scheduled rule, kept in step with the rule catalog, with each schedule's
/// progress (anchor, last firing) written through to the state store.
/// <para>
/// When the firings start: a <c>rate()</c> schedule counts its periods from the moment the rule was created or
/// enabled (or its ScheduleExpression changed); a <c>cron()</c> schedule fires at its UTC times from then on.
/// Firings missed while the server was down are not replayed one by one: on start a schedule that missed any fires
/// once, with the time of the latest one it missed, and then carries on from the present. The same holds when the
/// scheduler falls behind at run time (a paused process, a clock jump): it fires once and skips to the future.
/// </para>
/// </summary>
public sealed class ScheduleBook : IRuleObserver
{
    public const string StateKind = "schedule";

    private readonly TimeProvider _time;
    private readonly ILogger<ScheduleBook> _logger;
    private readonly IStateStore _store;
    private readonly PersistentCollection<ScheduleProgress> _progress;
    private readonly object _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private TaskCompletionSource _changed = NewSignal();
    private bool _replaying;

    public ScheduleBook(RuleCatalog rules, IStateStore store, TimeProvider time, ILogger<ScheduleBook> logger)
    {
        _time = time;
        _logger = logger;
        _store = store;
        _progress = new PersistentCollection<ScheduleProgress>(store, StateKind, SchedulingJsonContext.Default.ScheduleProgress, p => p.RuleKey);
        _replaying = true;
        rules.Observe(this);
        _replaying = false;
        // Progress of rules that went away while the server was down (or before a crash) is of no further use.
        foreach (var orphan in _progress.Values.Where(p => !_entries.ContainsKey(p.RuleKey)).ToList()) _progress.Remove(orphan.RuleKey);
    }

    /// <summary>How many schedules are active (enabled rules with a ScheduleExpression).</summary>
    public int Count
    {
        get
        {
            lock (_gate) return _entries.Count;
        }
    }

    /// <summary>The earliest next firing, or null when no schedule will fire again.</summary>
    public DateTimeOffset? NextDue
    {
        get
        {
            lock (_gate)
            {
                DateTimeOffset? earliest = null;
                foreach (var entry in _entries.Values)
                    if (entry.Next is { } next && (earliest is null || next < earliest)) earliest = next;
                return earliest;
            }
        }
    }

    /// <summary>Completes at the next change of any schedule, so a waiting scheduler can recompute its sleep.</summary>
    public Task WhenChanged()
    {
        lock (_gate) return _changed.Task;
    }

    /// <summary>The next firing of one rule's schedule, or null when it is not scheduled (for diagnostics and tests).</summary>
    public DateTimeOffset? NextFor(AccountRegion scope, string busName, string ruleName)
    {
        lock (_gate) return _entries.TryGetValue(RuleKey(scope, busName, ruleName), out var entry) ? entry.Next : null;
    }

    public void RuleChanged(Rule? before, Rule? after)
    {
        lock (_gate)
        {
            if (after is not null && IsScheduled(after))
            {
                var key = RuleKey(after.Scope, after.BusName, after.Name);
                // A change that keeps the rule enabled with the same expression (a new description, targets, tags)
                // leaves its schedule running as it was.
                if (_entries.TryGetValue(key, out var current) && current.Expression.Text == after.ScheduleExpression) return;
                if (!ScheduleExpression.TryParse(after.ScheduleExpression, out var expression))
                {
                    // PutRule validates expressions; one stored by an older, laxer version must not stop the server.
                    _logger.LogError("rule {RuleArn} has a ScheduleExpression that does not parse and will not fire: {Expression}",
                        after.Arn, after.ScheduleExpression);
                    Remove(key);
                }
                else
                {
                    _entries[key] = _replaying ? Resume(key, after, expression) : Start(key, after, expression);
                }
            }
            else if (before is not null)
            {
                Remove(RuleKey(before.Scope, before.BusName, before.Name));
            }
            Signal();
        }
    }

    /// <summary>
    /// Takes every firing due at <paramref name="now"/> and moves each of those schedules to its first firing after
    /// <paramref name="now"/>: whatever fell in between is skipped, not queued.
    /// </summary>
    public IReadOnlyList<ScheduledFiring> TakeDue(DateTimeOffset now)
    {
        lock (_gate)
        {
            List<ScheduledFiring>? due = null;
            foreach (var entry in _entries.Values)
            {
                if (entry.Next is not { } next || next > now) continue;
                // Behind by more than one firing: the event carries the latest time that came due.
                var latest = LatestAtOrBefore(entry, next, now);
                (due ??= []).Add(new ScheduledFiring(entry.Scope, entry.BusName, entry.RuleName, entry.Expression.Text, latest));
                entry.Next = NextAfter(entry, now);
            }
            return due ?? (IReadOnlyList<ScheduledFiring>)[];
        }
    }

    /// <summary>Records that a firing reached the event sink, so a restart does not fire it again.</summary>
    public void MarkFired(ScheduledFiring firing)
    {
        lock (_gate)
        {
            var key = RuleKey(firing.Scope, firing.BusName, firing.RuleName);
            // The rule may have been disabled, deleted or rescheduled meanwhile; its progress then starts afresh.
            if (!_entries.TryGetValue(key, out var entry) || entry.Expression.Text != firing.Expression) return;
            entry.LastFiredAt = firing.ScheduledAt;
            _progress.Put(new ScheduleProgress(key, entry.Expression.Text, entry.Anchor, entry.LastFiredAt));
        }
    }

    /// <summary>
    /// Takes up the schedules' progress as the store has it now. Nodes sharing a database each keep a book, and only
    /// the one holding the clock's lease fires and records its firings; a node that gains the lease (its holder died)
    /// calls this first, so a period the old holder fired is not fired again, and one it missed fires once.
    /// </summary>
    public void ResumeFromStore()
    {
        var stored = new Dictionary<string, ScheduleProgress>(StringComparer.Ordinal);
        foreach (var document in _store.LoadAll(StateKind))
            if (JsonSerializer.Deserialize(document.Document, SchedulingJsonContext.Default.ScheduleProgress) is { } progress)
                stored[document.Key] = progress;
        lock (_gate)
        {
            foreach (var (key, entry) in _entries)
            {
                if (!stored.TryGetValue(key, out var progress) || progress.Expression != entry.Expression.Text) continue;
                if (progress.LastFiredAt is not { } fired || (entry.LastFiredAt is { } known && known >= fired)) continue;
                entry.Anchor = progress.Anchor;
                entry.LastFiredAt = fired;
                // The first period after the last one fired: already due if the old holder missed it (fired once, with
                // the latest time that came due, by TakeDue).
                entry.Next = NextAfter(entry, fired);
            }
            Signal();
        }
    }

    /// <summary>A schedule that starts now: the rule was just created or enabled, or its expression changed.</summary>
    private Entry Start(string key, Rule rule, ScheduleExpression expression)
    {
        var now = _time.GetUtcNow();
        var entry = new Entry(rule, expression, TruncateToSecond(now), lastFiredAt: null);
        entry.Next = NextAfter(entry, now);
        _progress.Put(new ScheduleProgress(key, expression.Text, entry.Anchor, null));
        return entry;
    }

    /// <summary>A schedule found at start-up: it carries on from its stored progress and fires once if it missed any.</summary>
    private Entry Resume(string key, Rule rule, ScheduleExpression expression)
    {
        var now = _time.GetUtcNow();
        Entry entry;
        if (_progress.TryGet(key, out var stored) && stored.Expression == expression.Text)
        {
            entry = new Entry(rule, expression, stored.Anchor, stored.LastFiredAt);
        }
        else
        {
            // No progress kept (the rule predates the scheduler, or the expression changed without it being
            // recorded): the rule's creation time is the best anchor there is.
            entry = new Entry(rule, expression, TruncateToSecond(rule.CreationTime), lastFiredAt: null);
            _progress.Put(new ScheduleProgress(key, expression.Text, entry.Anchor, null));
        }
        var since = entry.LastFiredAt ?? entry.Anchor;
        var missed = expression switch
        {
            RateSchedule rate => rate.LatestAtOrBefore(entry.Anchor, now) is { } latest && latest > since ? latest : null,
            CronSchedule cron => cron.LatestInRange(since, now),
            _ => null,
        };
        entry.Next = missed ?? NextAfter(entry, now);
        if (missed is not null)
            _logger.LogInformation("rule {RuleArn} missed its firing at {Missed:o} while the server was down; firing it once now",
                rule.Arn, missed.Value);
        return entry;
    }

    private void Remove(string key)
    {
        if (_entries.Remove(key) && _progress.Contains(key)) _progress.Remove(key);
    }

    private void Signal()
    {
        var changed = _changed;
        _changed = NewSignal();
        changed.TrySetResult();
    }

    private static DateTimeOffset? NextAfter(Entry entry, DateTimeOffset after) => entry.Expression switch
    {
        RateSchedule rate => rate.NextAfter(entry.Anchor, after),
        _ => entry.Expression.NextAfter(after),
    };

    private static DateTimeOffset LatestAtOrBefore(Entry entry, DateTimeOffset due, DateTimeOffset now) => entry.Expression switch
    {
        RateSchedule rate => rate.LatestAtOrBefore(entry.Anchor, now) ?? due,
        CronSchedule cron => cron.LatestInRange(due.AddTicks(-1), now) ?? due,
        _ => due,
    };

    /// <summary>Envelope times are whole seconds; anchoring on a whole second makes the event's time the firing's.</summary>
    private static DateTimeOffset TruncateToSecond(DateTimeOffset time) =>
        new(time.UtcTicks - time.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    private static bool IsScheduled(Rule rule) => rule.IsEnabled && rule.ScheduleExpression is not null;

    private static string RuleKey(AccountRegion scope, string busName, string ruleName) => $"{scope.AccountId}/{scope.Region}/{busName}/{ruleName}";

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Entry(Rule rule, ScheduleExpression expression, DateTimeOffset anchor, DateTimeOffset? lastFiredAt)
    {
        public AccountRegion Scope { get; } = rule.Scope;
        public string BusName { get; } = rule.BusName;
        public string RuleName { get; } = rule.Name;
        public ScheduleExpression Expression { get; } = expression;
        public DateTimeOffset Anchor { get; set; } = anchor;
        public DateTimeOffset? LastFiredAt { get; set; } = lastFiredAt;
        public DateTimeOffset? Next { get; set; }
    }
}
