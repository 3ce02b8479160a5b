using System.Globalization;
using System.Text.RegularExpressions;

namespace Switchyard.Domain.Schedules;

/// <summary>
/// A rule's ScheduleExpression: <c>rate(N unit)</c> or AWS's six-field <c>cron(minutes hours day-of-month month
/// day-of-week year)</c>, always in UTC. Parsing follows the EventBridge user guide's table of fields, values and
/// wildcards; anything it does not allow is refused with AWS's single message ("Parameter ScheduleExpression is not
/// valid."), so callers only need to know whether it parsed.
/// </summary>
public abstract partial class ScheduleExpression
{
    public string Text { get; }

    private protected ScheduleExpression(string text) => Text = text;

    /// <summary>The first firing strictly after <paramref name="after"/>, or null when there is none.</summary>
    public abstract DateTimeOffset? NextAfter(DateTimeOffset after);

    public static bool TryParse(string? text, out ScheduleExpression expression)
    {
        expression = null!;
        if (text is null) return false;
        var rate = RateSyntax().Match(text);
        if (rate.Success)
        {
            if (!RateSchedule.TryCreate(text, rate.Groups[1].Value, rate.Groups[2].Value, out var schedule)) return false;
            expression = schedule;
            return true;
        }

        var cron = CronSyntax().Match(text);
        if (!cron.Success) return false;
        if (!CronSchedule.TryCreate(text, cron.Groups[1].Value, out var cronSchedule)) return false;
        expression = cronSchedule;
        return true;
    }

    [GeneratedRegex(@"^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$", RegexOptions.CultureInvariant)]
    private static partial Regex RateSyntax();

    [GeneratedRegex(@"^cron\(([^()]+)\)$", RegexOptions.CultureInvariant)]
    private static partial Regex CronSyntax();

    private protected static bool TryParseCount(string digits, out int value) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
