using System.Globalization;
using System.Text.RegularExpressions;
using Switchyard.Domain.Schedules;

namespace Switchyard.Scheduler.Domain;

/// <summary>
/// When a schedule fires: <c>at(yyyy-mm-ddThh:mm:ss)</c>, <c>rate(N unit)</c> or six-field <c>cron(...)</c> (the
/// EventBridge syntax, parsed by <see cref="ScheduleExpression"/>), read in the schedule's time zone and bounded by its
/// StartDate and EndDate.
/// </summary>
/// <remarks>
/// Daylight saving, as the EventBridge Scheduler user guide documents it (docs/compat.md): cron and at() are wall-clock
/// times in the zone; a wall time the spring-forward gap skips does not fire, and a wall time the fall-back hour repeats
/// fires once (at its first instant). rate() is a fixed duration (a day is 24 hours) and ignores the zone.
/// </remarks>
public sealed partial class ScheduleTiming
{
    private readonly DateTime? _at;
    private readonly RateSchedule? _rate;
    private readonly CronSchedule? _cron;
    private readonly DateTimeOffset? _start;
    private readonly DateTimeOffset? _end;

    public TimeZoneInfo Zone { get; }

    /// <summary>A one-time at() schedule.</summary>
    public bool IsOneTime => _at is not null;

    private ScheduleTiming(TimeZoneInfo zone, DateTime? at, RateSchedule? rate, CronSchedule? cron, DateTimeOffset? start, DateTimeOffset? end)
    {
        Zone = zone;
        _at = at;
        _rate = rate;
        _cron = cron;
        _start = start;
        _end = end;
    }

    /// <summary>The time zone an IANA name (or null: UTC) stands for; false for a name the system does not know.</summary>
    public static bool TryFindZone(string? name, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (name is null) return true;
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(name, out var found)) return false;
        zone = found;
        return true;
    }

    /// <summary>Whether <paramref name="expression"/> has the syntax of at(), rate() or cron().</summary>
    public static bool IsValidExpression(string expression) =>
        TryParseAt(expression, out _) || ScheduleExpression.TryParse(expression, out _);

    public static ScheduleTiming Of(Schedule schedule)
    {
        if (!TryFindZone(schedule.ScheduleExpressionTimezone, out var zone)) zone = TimeZoneInfo.Utc;
        var text = schedule.ScheduleExpression;
        if (TryParseAt(text, out var at)) return new(zone, at, null, null, schedule.StartDate, schedule.EndDate);
        if (!ScheduleExpression.TryParse(text, out var parsed))
            throw new FormatException($"The stored schedule expression {text} does not parse.");
        return parsed is RateSchedule rate
            ? new(zone, null, rate, null, schedule.StartDate, schedule.EndDate)
            : new(zone, null, null, (CronSchedule)parsed, schedule.StartDate, schedule.EndDate);
    }

    /// <summary>
    /// The first firing at or after <paramref name="from"/> (and within StartDate..EndDate), or null when none is left.
    /// A rate() schedule counts its firings from <paramref name="rateAnchor"/> (StartDate, else when it was set up):
    /// its first firing is the anchor itself, as AWS starts a rate schedule without a StartDate at once.
    /// </summary>
    public DateTimeOffset? FirstAtOrAfter(DateTimeOffset from, DateTimeOffset rateAnchor)
    {
        if (_start is { } start && from < start) from = start;
        DateTimeOffset? next;
        if (_at is { } at)
        {
            next = ToInstant(at) is { } instant && instant >= from ? instant : null;
        }
        else if (_rate is not null)
        {
            var anchor = _start ?? rateAnchor;
            if (from <= anchor)
            {
                next = anchor;
            }
            else
            {
                var periods = ((from - anchor).Ticks + _rate.Period.Ticks - 1) / _rate.Period.Ticks;
                next = anchor + TimeSpan.FromTicks(periods * _rate.Period.Ticks);
            }
        }
        else
        {
            next = NextCron(from.AddTicks(-1));
        }
        return next is { } n && _end is { } end && n > end ? null : next;
    }

    /// <summary>The firing after the one at <paramref name="previous"/>, or null when none is left.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset previous, DateTimeOffset rateAnchor) =>
        _at is not null ? null : FirstAtOrAfter(previous.AddTicks(1), rateAnchor);

    /// <summary>
    /// The next cron wall time after <paramref name="after"/> that exists in the zone, as an instant. Wall times are
    /// walked from a little before <paramref name="after"/>'s wall time (the fall-back hour makes wall time step back),
    /// so each wall time is taken once: a repeated one at its first instant, a skipped one never.
    /// </summary>
    private DateTimeOffset? NextCron(DateTimeOffset after)
    {
        var wall = TimeZoneInfo.ConvertTime(after, Zone).DateTime;
        var cursor = new DateTimeOffset(DateTime.SpecifyKind(wall, DateTimeKind.Unspecified), TimeSpan.Zero).AddHours(-3);
        for (var guard = 0; guard < 100_000; guard++)
        {
            var candidate = _cron!.NextAfter(cursor);
            if (candidate is null) return null;
            cursor = candidate.Value;
            if (ToInstant(candidate.Value.DateTime) is { } instant && instant > after) return instant;
        }
        return null;
    }

    /// <summary>The instant a wall time in the zone stands for: null in the spring-forward gap, the earlier one when repeated.</summary>
    private DateTimeOffset? ToInstant(DateTime wall)
    {
        wall = DateTime.SpecifyKind(wall, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(wall)) return null;
        var offset = Zone.IsAmbiguousTime(wall) ? Zone.GetAmbiguousTimeOffsets(wall).Max() : Zone.GetUtcOffset(wall);
        return new DateTimeOffset(wall, offset).ToUniversalTime();
    }

    private static bool TryParseAt(string text, out DateTime at)
    {
        at = default;
        var match = AtSyntax().Match(text);
        return match.Success && DateTime.TryParseExact(match.Groups[1].Value, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture,
            DateTimeStyles.None, out at);
    }

    [GeneratedRegex(@"^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$", RegexOptions.CultureInvariant)]
    private static partial Regex AtSyntax();
}
