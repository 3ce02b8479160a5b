using Cronos;

namespace Switchyard.Domain.Schedules;

/// <summary>
/// AWS's <c>cron(minutes hours day-of-month month day-of-week year)</c> in UTC. The first five fields are checked
/// against AWS's table (<see cref="CronFieldRules"/>), translated to Cronos's numbering and evaluated by Cronos; the
/// year field, which Cronos does not have, by <see cref="YearFilter"/>.
/// </summary>
public sealed class CronSchedule : ScheduleExpression
{
    private readonly CronExpression _cron;
    private readonly YearFilter _years;

    private CronSchedule(string text, CronExpression cron, YearFilter years) : base(text) => (_cron, _years) = (cron, years);

    internal static bool TryCreate(string text, string body, out CronSchedule schedule)
    {
        schedule = null!;
        var fields = body.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 6) return false;
        if (!CronFieldRules.TryTranslate(fields, out var cronosText)) return false;
        if (!YearFilter.TryParse(fields[5], out var years)) return false;
        try
        {
            schedule = new CronSchedule(text, CronExpression.Parse(cronosText, CronFormat.Standard), years);
            return true;
        }
        catch (CronFormatException)
        {
            return false;
        }
    }

    public override DateTimeOffset? NextAfter(DateTimeOffset after)
    {
        var from = after.UtcDateTime;
        // Skip whole years the year field excludes; bounded because AWS's year field stops at 2199.
        while (from.Year <= YearFilter.LastYear)
        {
            var next = _cron.GetNextOccurrence(from, inclusive: false);
            if (next is null) return null;
            if (_years.Contains(next.Value.Year)) return new DateTimeOffset(next.Value, TimeSpan.Zero);
            var nextYear = _years.NextYearFrom(next.Value.Year);
            if (nextYear is null) return null;
            from = new DateTime(nextYear.Value, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(-1);
        }
        return null;
    }

    /// <summary>
    /// The last firing strictly after <paramref name="after"/> and at or before <paramref name="until"/>, or null
    /// when none falls in between. Used once at start-up to find the firing missed while the server was down.
    /// </summary>
    public DateTimeOffset? LatestInRange(DateTimeOffset after, DateTimeOffset until)
    {
        if (until <= after) return null;
        // Stepping forward from `after` could take hundreds of thousands of steps for a frequent schedule missed for
        // a long time, so look back over growing windows: the first window holding a firing holds the latest one.
        foreach (var window in LookBackWindows)
        {
            var whole = window == TimeSpan.MaxValue || until - after <= window;
            var start = whole ? after : until - window;
            DateTimeOffset? latest = null;
            for (var next = NextAfter(start); next is not null && next <= until; next = NextAfter(next.Value)) latest = next;
            if (latest is not null || whole) return latest;
        }
        return null;
    }

    private static readonly TimeSpan[] LookBackWindows =
        [TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromDays(32), TimeSpan.FromDays(366), TimeSpan.MaxValue];
}
