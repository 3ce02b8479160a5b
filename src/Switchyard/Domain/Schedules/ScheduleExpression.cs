using System.Globalization;
using System.Text.RegularExpressions;
using Cronos;

namespace Switchyard.Domain.Schedules;

/// <summary>
/// A rule's ScheduleExpression: <c>rate(N unit)</c> or AWS's six-field <c>cron(minutes hours day-of-month month
/// day-of-week year)</c>, always in UTC. Cron fields other than the year are handed to Cronos after translating
/// AWS's day-of-week numbering (1 = Sunday) to Cronos's (0 = Sunday); the year field is applied here.
/// </summary>
public abstract partial class ScheduleExpression
{
    public string Text { get; }

    private protected ScheduleExpression(string text) => Text = text;

    /// <summary>The first firing strictly after <paramref name="after"/>, or null when there is none.</summary>
    public abstract DateTimeOffset? NextAfter(DateTimeOffset after);

    public static bool TryParse(string text, out ScheduleExpression expression)
    {
        expression = null!;
        var rate = RateSyntax().Match(text);
        if (rate.Success)
        {
            if (!int.TryParse(rate.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
                return false;
            var unit = rate.Groups[2].Value;
            // AWS wants the singular unit for 1 and the plural otherwise: rate(1 minute), rate(5 minutes).
            if (value == 1 != !unit.EndsWith('s')) return false;
            var period = unit.TrimEnd('s') switch
            {
                "minute" => TimeSpan.FromMinutes(value),
                "hour" => TimeSpan.FromHours(value),
                "day" => TimeSpan.FromDays(value),
                _ => TimeSpan.Zero,
            };
            if (period == TimeSpan.Zero) return false;
            expression = new RateSchedule(text, period);
            return true;
        }

        var cron = CronSyntax().Match(text);
        if (!cron.Success) return false;
        var fields = cron.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 6) return false;
        var (dayOfMonth, dayOfWeek) = (fields[2], fields[4]);
        // Exactly one of day-of-month and day-of-week must be '?'.
        if ((dayOfMonth == "?") == (dayOfWeek == "?")) return false;
        if (!YearFilter.TryParse(fields[5], out var years)) return false;
        if (!TryTranslateDayOfWeek(dayOfWeek, out var cronosDayOfWeek)) return false;
        try
        {
            var cronos = CronExpression.Parse($"{fields[0]} {fields[1]} {dayOfMonth} {fields[3]} {cronosDayOfWeek}", CronFormat.Standard);
            expression = new CronSchedule(text, cronos, years);
            return true;
        }
        catch (CronFormatException)
        {
            return false;
        }
    }

    /// <summary>AWS numbers days 1 (SUN) to 7 (SAT); Cronos 0 (SUN) to 6 (SAT). Names pass through unchanged.</summary>
    private static bool TryTranslateDayOfWeek(string field, out string translated)
    {
        translated = field;
        if (field is "?" or "*") return true;
        var ok = true;
        translated = DayNumber().Replace(field, match =>
        {
            var n = int.Parse(match.Value, CultureInfo.InvariantCulture);
            // After '#' comes the week number, after '/' a step: those are not days.
            var previous = match.Index > 0 ? field[match.Index - 1] : ' ';
            if (previous is '#' or '/') return match.Value;
            if (n is < 1 or > 7)
            {
                ok = false;
                return match.Value;
            }
            return (n - 1).ToString(CultureInfo.InvariantCulture);
        });
        return ok;
    }

    [GeneratedRegex(@"^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$")]
    private static partial Regex RateSyntax();

    [GeneratedRegex(@"^cron\(([^()]+)\)$")]
    private static partial Regex CronSyntax();

    [GeneratedRegex(@"\d+")]
    private static partial Regex DayNumber();
}

public sealed class RateSchedule : ScheduleExpression
{
    public TimeSpan Period { get; }

    internal RateSchedule(string text, TimeSpan period) : base(text) => Period = period;

    public override DateTimeOffset? NextAfter(DateTimeOffset after) => after + Period;
}

public sealed class CronSchedule : ScheduleExpression
{
    private readonly CronExpression _cron;
    private readonly YearFilter _years;

    internal CronSchedule(string text, CronExpression cron, YearFilter years) : base(text) => (_cron, _years) = (cron, years);

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
}

/// <summary>The sixth cron field: <c>*</c>, a year, a range, a list, or a start with a step (1970–2199).</summary>
public sealed class YearFilter
{
    public const int FirstYear = 1970;
    public const int LastYear = 2199;

    private readonly bool[] _allowed = new bool[LastYear - FirstYear + 1];

    public bool Contains(int year) => year is >= FirstYear and <= LastYear && _allowed[year - FirstYear];

    public int? NextYearFrom(int year)
    {
        for (var y = Math.Max(year + 1, FirstYear); y <= LastYear; y++) if (Contains(y)) return y;
        return null;
    }

    public static bool TryParse(string field, out YearFilter filter)
    {
        filter = new YearFilter();
        foreach (var part in field.Split(','))
        {
            var (range, step) = part.Split('/') switch
            {
                [var r] => (r, 1),
                [var r, var s] when int.TryParse(s, out var n) && n > 0 => (r, n),
                _ => ("", 0),
            };
            if (step == 0) return false;
            int from, to;
            if (range == "*") (from, to) = (FirstYear, LastYear);
            else if (range.Split('-') is [var a, var b] && int.TryParse(a, out from) && int.TryParse(b, out to)) { }
            else if (int.TryParse(range, out from)) to = step > 1 ? LastYear : from;
            else return false;
            if (from < FirstYear || to > LastYear || from > to) return false;
            for (var y = from; y <= to; y += step) filter._allowed[y - FirstYear] = true;
        }
        return true;
    }
}
