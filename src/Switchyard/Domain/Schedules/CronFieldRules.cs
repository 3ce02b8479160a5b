using System.Globalization;
using System.Text.RegularExpressions;

namespace Switchyard.Domain.Schedules;

/// <summary>
/// The EventBridge user guide's table of cron fields: which characters each field may hold, the rule that exactly
/// one of day-of-month and day-of-week is <c>?</c>, and AWS's day-of-week numbering (1 = SUN … 7 = SAT, where Cronos
/// counts 0 = SUN … 6 = SAT). Cronos accepts more than AWS does (<c>/</c> in day-of-week, <c>?</c> in any field,
/// both day fields set), so the table is enforced here before Cronos parses the rest.
/// </summary>
internal static partial class CronFieldRules
{
    /// <summary>
    /// Checks the first five of AWS's six fields and returns them as a five-field Cronos expression.
    /// </summary>
    public static bool TryTranslate(IReadOnlyList<string> fields, out string cronos)
    {
        cronos = "";
        var (minutes, hours, dayOfMonth, month, dayOfWeek) = (fields[0], fields[1], fields[2], fields[3], fields[4]);
        if (!Minutes().IsMatch(minutes) || !Hours().IsMatch(hours) || !DayOfMonth().IsMatch(dayOfMonth)
            || !Month().IsMatch(month) || !DayOfWeek().IsMatch(dayOfWeek))
            return false;
        // "You can't specify the Day-of-month and Day-of-week fields in the same cron expression. If you specify a
        // value or a * in one of the fields, you must use a ? in the other."
        if ((dayOfMonth == "?") == (dayOfWeek == "?")) return false;
        // '?' stands for the whole field or not at all.
        if (dayOfMonth != "?" && dayOfMonth.Contains('?')) return false;
        if (dayOfWeek != "?" && dayOfWeek.Contains('?')) return false;
        if (!TryTranslateDayOfWeek(dayOfWeek, out var cronosDayOfWeek)) return false;
        cronos = $"{minutes} {hours} {dayOfMonth} {month} {cronosDayOfWeek}";
        return true;
    }

    /// <summary>
    /// Renumbers day-of-week values for Cronos. Names pass through; a week number after '#' and a bare 'L' (the last
    /// day of the week, Saturday, as in Quartz whose syntax AWS follows) are handled as such.
    /// </summary>
    private static bool TryTranslateDayOfWeek(string field, out string translated)
    {
        translated = field;
        if (field is "?" or "*") return true;
        if (field == "L")
        {
            translated = "6";
            return true;
        }
        var ok = true;
        translated = DayNumber().Replace(field, match =>
        {
            // After '#' comes the week of the month, not a day.
            if (match.Index > 0 && field[match.Index - 1] == '#') return match.Value;
            var day = int.Parse(match.Value, CultureInfo.InvariantCulture);
            if (day is < 1 or > 7)
            {
                ok = false;
                return match.Value;
            }
            return (day - 1).ToString(CultureInfo.InvariantCulture);
        });
        return ok;
    }

    // The characters the user guide allows per field: values (numbers, or names for month and day-of-week) and the
    // wildcards , - * / for minutes, hours, month and year; day-of-month adds ? L W; day-of-week has , - * ? L #
    // (no '/').
    [GeneratedRegex(@"^[0-9,\-*/]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Minutes();

    [GeneratedRegex(@"^[0-9,\-*/]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Hours();

    [GeneratedRegex(@"^[0-9,\-*/?LW]+$", RegexOptions.CultureInvariant)]
    private static partial Regex DayOfMonth();

    [GeneratedRegex(@"^[0-9A-Za-z,\-*/]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Month();

    [GeneratedRegex(@"^[0-9A-Za-z,\-*?#]+$", RegexOptions.CultureInvariant)]
    private static partial Regex DayOfWeek();

    [GeneratedRegex(@"\d+", RegexOptions.CultureInvariant)]
    private static partial Regex DayNumber();
}
