using System.Globalization;
using Switchyard.Domain.Schedules;

namespace Switchyard.Tests.Schedules;

/// <summary>
/// ScheduleExpression against the EventBridge user guide's rules for rate and cron expressions
/// ("Creating a rule that runs on a schedule"): what PutRule accepts, and when each schedule fires.
/// </summary>
public sealed class ScheduleExpressionTests
{
    [Theory]
    [InlineData("rate(1 minute)")]
    [InlineData("rate(5 minutes)")]
    [InlineData("rate(1 hour)")]
    [InlineData("rate(12 hours)")]
    [InlineData("rate(1 day)")]
    [InlineData("rate(7 days)")]
    [InlineData("rate(3650 days)")]
    // The user guide's own examples.
    [InlineData("cron(0 10 * * ? *)")]
    [InlineData("cron(15 12 * * ? *)")]
    [InlineData("cron(0 18 ? * MON-FRI *)")]
    [InlineData("cron(0 8 1 * ? *)")]
    [InlineData("cron(0/15 * * * ? *)")]
    [InlineData("cron(0/10 * ? * MON-FRI *)")]
    [InlineData("cron(0/5 8-17 ? * MON-FRI *)")]
    [InlineData("cron(0 9 ? * 2#1 *)")]
    // Every wildcard of the table in the field that allows it.
    [InlineData("cron(* * * * ? *)")]
    [InlineData("cron(*/5 * * * ? *)")]
    [InlineData("cron(0,30 1-3,5 * * ? *)")]
    [InlineData("cron(0 0 L * ? *)")]
    [InlineData("cron(0 0 15W * ? *)")]
    [InlineData("cron(0 0 LW * ? *)")]
    [InlineData("cron(0 0 1/5 * ? *)")]
    [InlineData("cron(0 0 ? * 6L *)")]
    [InlineData("cron(0 0 ? * L *)")]
    [InlineData("cron(0 0 ? * * *)")]
    [InlineData("cron(0 0 ? * 1-7 *)")]
    [InlineData("cron(0 0 ? * SUN,SAT *)")]
    [InlineData("cron(0 0 ? * 2#5 *)")]
    [InlineData("cron(0 12 * JAN,JUL ? *)")]
    [InlineData("cron(0 0 1 JAN-MAR ? *)")]
    [InlineData("cron(0 0 1 */3 ? *)")]
    [InlineData("cron(0 0 1 1 ? 2030)")]
    [InlineData("cron(0 0 1 1 ? 2026-2030)")]
    [InlineData("cron(0 0 1 1 ? 2026/2)")]
    [InlineData("cron(0 0 1 1 ? */4)")]
    [InlineData("cron(0 0 1 1 ? 1970,2199)")]
    public void Accepts(string text)
    {
        Assert.True(ScheduleExpression.TryParse(text, out var expression), text);
        Assert.Equal(text, expression.Text);
    }

    [Theory]
    // rate: singular unit exactly for 1, a positive whole count, one of the three units, AWS's spelling.
    [InlineData("rate(1 minutes)")]
    [InlineData("rate(5 minute)")]
    [InlineData("rate(1 hours)")]
    [InlineData("rate(2 day)")]
    [InlineData("rate(0 minutes)")]
    [InlineData("rate(-1 minutes)")]
    [InlineData("rate(1.5 hours)")]
    [InlineData("rate(1 second)")]
    [InlineData("rate(30 seconds)")]
    [InlineData("rate(1 week)")]
    [InlineData("rate(5  minutes)")]
    [InlineData("rate(5minutes)")]
    [InlineData("rate(5 Minutes)")]
    [InlineData("Rate(5 minutes)")]
    [InlineData("rate(5 minutes) ")]
    [InlineData("rate(99999999999 days)")]
    [InlineData("rate(3661 days)")]
    [InlineData("rate()")]
    [InlineData("")]
    [InlineData("every 5 minutes")]
    // cron: six fields, exactly one of day-of-month and day-of-week is '?'.
    [InlineData("cron(0 10 * * * *)")]
    [InlineData("cron(0 10 1 * 2 *)")]
    [InlineData("cron(0 10 ? * ? *)")]
    [InlineData("cron(0 10 * * ?)")]
    [InlineData("cron(0 10 * * ? * *)")]
    [InlineData("cron(0 0 0 10 * * ? *)")]
    [InlineData("cron()")]
    [InlineData("cron(0 10 * * ? *")]
    [InlineData("cron(0 10 * * ? *) ")]
    [InlineData("CRON(0 10 * * ? *)")]
    // values out of range
    [InlineData("cron(60 10 * * ? *)")]
    [InlineData("cron(0 24 * * ? *)")]
    [InlineData("cron(0 0 32 * ? *)")]
    [InlineData("cron(0 0 0 * ? *)")]
    [InlineData("cron(0 0 1 13 ? *)")]
    [InlineData("cron(0 0 1 0 ? *)")]
    [InlineData("cron(0 0 ? * 0 *)")]
    [InlineData("cron(0 0 ? * 8 *)")]
    [InlineData("cron(0 0 ? * 2#6 *)")]
    [InlineData("cron(0 0 1 * ? 1969)")]
    [InlineData("cron(0 0 1 * ? 2200)")]
    [InlineData("cron(0 0 1 * ? 2030-2026)")]
    [InlineData("cron(0 0 1 * ? abc)")]
    [InlineData("cron(0 0 ? * FOO *)")]
    [InlineData("cron(0 0 1 FOO ? *)")]
    // wildcards in fields whose row of the table does not list them
    [InlineData("cron(? 0 1 * ? *)")]
    [InlineData("cron(0 ? 1 * ? *)")]
    [InlineData("cron(L 0 ? * 1 *)")]
    [InlineData("cron(0 0 1#1 * ? *)")]
    [InlineData("cron(0 0 ? * 2W *)")]
    [InlineData("cron(0 0 ? * */2 *)")]
    [InlineData("cron(0 0 1 L ? *)")]
    [InlineData("cron(0 0 1 * ? L)")]
    [InlineData("cron(0 0 1? * ? *)")]
    public void Refuses(string text)
    {
        Assert.False(ScheduleExpression.TryParse(text, out _), text);
    }

    [Fact]
    public void Refuses_null() => Assert.False(ScheduleExpression.TryParse(null, out _));

    [Theory]
    [InlineData("rate(1 minute)", 1)]
    [InlineData("rate(15 minutes)", 15)]
    [InlineData("rate(1 hour)", 60)]
    [InlineData("rate(2 hours)", 120)]
    [InlineData("rate(1 day)", 1440)]
    [InlineData("rate(3 days)", 4320)]
    public void Rate_periods(string text, int minutes)
    {
        Assert.True(ScheduleExpression.TryParse(text, out var expression));
        Assert.Equal(TimeSpan.FromMinutes(minutes), Assert.IsType<RateSchedule>(expression).Period);
    }

    // 2026-11-26 is a Thursday.
    [Theory]
    [InlineData("cron(0 10 * * ? *)", "2026-11-26T11:44:00Z", "2026-11-27T10:00:00Z")]
    [InlineData("cron(15 12 * * ? *)", "2026-11-26T11:44:00Z", "2026-11-26T12:15:00Z")]
    [InlineData("cron(0 18 ? * MON-FRI *)", "2026-11-26T11:44:00Z", "2026-11-26T18:00:00Z")]
    [InlineData("cron(0 18 ? * MON-FRI *)", "2026-11-27T18:00:00Z", "2026-11-30T18:00:00Z")]
    [InlineData("cron(0 18 ? * 2-6 *)", "2026-11-27T18:00:00Z", "2026-11-30T18:00:00Z")]
    [InlineData("cron(0 8 1 * ? *)", "2026-11-26T11:44:00Z", "2026-12-01T08:00:00Z")]
    [InlineData("cron(0/15 * * * ? *)", "2026-11-26T11:44:00Z", "2026-11-26T11:45:00Z")]
    [InlineData("cron(0/15 * * * ? *)", "2026-11-26T11:45:00Z", "2026-11-26T12:00:00Z")]
    [InlineData("cron(*/5 * * * ? *)", "2026-11-26T11:44:59Z", "2026-11-26T11:45:00Z")]
    [InlineData("cron(* * * * ? *)", "2026-11-26T11:44:00Z", "2026-11-26T11:45:00Z")]
    [InlineData("cron(* * * * ? *)", "2026-11-26T11:44:00.001Z", "2026-11-26T11:45:00Z")]
    [InlineData("cron(0/5 8-17 ? * MON-FRI *)", "2026-11-27T17:55:00Z", "2026-11-30T08:00:00Z")]
    // first Monday of December 2026 (December 1st is a Tuesday)
    [InlineData("cron(0 9 ? * 2#1 *)", "2026-11-26T11:44:00Z", "2026-12-07T09:00:00Z")]
    [InlineData("cron(0 0 ? * 2#5 *)", "2026-11-26T11:44:00Z", "2026-11-30T00:00:00Z")]
    // L: last day of the month; 6L: last Friday of the month; L alone in day-of-week: Saturday
    [InlineData("cron(0 0 L * ? *)", "2026-11-26T11:44:00Z", "2026-11-30T00:00:00Z")]
    [InlineData("cron(0 0 L * ? *)", "2027-02-01T00:00:00Z", "2027-02-28T00:00:00Z")]
    [InlineData("cron(0 0 ? * 6L *)", "2026-11-26T11:44:00Z", "2026-11-27T00:00:00Z")]
    [InlineData("cron(0 0 ? * 6L *)", "2026-11-27T00:00:00Z", "2026-12-25T00:00:00Z")]
    [InlineData("cron(0 0 ? * L *)", "2026-11-26T11:44:00Z", "2026-11-28T00:00:00Z")]
    // AWS numbers days from 1 = SUN to 7 = SAT
    [InlineData("cron(0 0 ? * 1 *)", "2026-11-26T11:44:00Z", "2026-11-29T00:00:00Z")]
    [InlineData("cron(0 0 ? * 7 *)", "2026-11-26T11:44:00Z", "2026-11-28T00:00:00Z")]
    [InlineData("cron(0 0 ? * 5 *)", "2026-11-26T11:44:00Z", "2026-12-03T00:00:00Z")]
    [InlineData("cron(0 0 ? * SUN *)", "2026-11-26T11:44:00Z", "2026-11-29T00:00:00Z")]
    // W: nearest weekday (November 15th 2026 is a Sunday); LW: last weekday (January 31st 2027 is a Sunday)
    [InlineData("cron(0 0 15W * ? *)", "2026-11-01T00:00:00Z", "2026-11-16T00:00:00Z")]
    [InlineData("cron(0 0 LW * ? *)", "2027-01-01T00:00:00Z", "2027-01-29T00:00:00Z")]
    [InlineData("cron(0 0 1/10 * ? *)", "2026-11-26T11:44:00Z", "2026-12-01T00:00:00Z")]
    [InlineData("cron(0 12 * JAN,JUL ? *)", "2026-11-26T11:44:00Z", "2027-01-01T12:00:00Z")]
    [InlineData("cron(0 0 29 2 ? *)", "2026-11-26T11:44:00Z", "2028-02-29T00:00:00Z")]
    // the year field
    [InlineData("cron(0 12 1 1 ? 2030)", "2026-11-26T11:44:00Z", "2030-01-01T12:00:00Z")]
    [InlineData("cron(0 0 1 1 ? 2026/2)", "2026-11-26T11:44:00Z", "2028-01-01T00:00:00Z")]
    [InlineData("cron(0 0 1 1 ? 2026-2030)", "2026-11-26T11:44:00Z", "2027-01-01T00:00:00Z")]
    [InlineData("cron(0 0 * * ? 2027,2029)", "2027-12-31T23:59:00Z", "2029-01-01T00:00:00Z")]
    [InlineData("cron(30 23 31 12 ? 2199)", "2026-11-26T11:44:00Z", "2199-12-31T23:30:00Z")]
    public void Next_cron_firing(string text, string after, string expected)
    {
        Assert.True(ScheduleExpression.TryParse(text, out var expression), text);
        Assert.Equal(Time(expected), expression.NextAfter(Time(after)));
    }

    [Theory]
    [InlineData("cron(0 0 1 1 ? 2026)", "2026-11-26T11:44:00Z")]
    [InlineData("cron(0 0 1 1 ? 1970-2025)", "2026-11-26T11:44:00Z")]
    [InlineData("cron(30 23 31 12 ? 2199)", "2199-12-31T23:30:00Z")]
    public void Cron_with_no_firing_left(string text, string after)
    {
        Assert.True(ScheduleExpression.TryParse(text, out var expression));
        Assert.Null(expression.NextAfter(Time(after)));
    }

    [Fact]
    public void Cron_firings_in_sequence()
    {
        Assert.True(ScheduleExpression.TryParse("cron(0/20 9 ? * MON,WED *)", out var expression));
        var firings = new List<DateTimeOffset>();
        var at = Time("2026-11-26T00:00:00Z");
        for (var i = 0; i < 7; i++) firings.Add(at = expression.NextAfter(at)!.Value);
        Assert.Equal(
            ["2026-11-30T09:00:00Z", "2026-11-30T09:20:00Z", "2026-11-30T09:40:00Z",
             "2026-12-02T09:00:00Z", "2026-12-02T09:20:00Z", "2026-12-02T09:40:00Z", "2026-12-07T09:00:00Z"],
            firings.Select(Format));
    }

    [Theory]
    [InlineData("2026-11-26T12:00:00Z", "2026-11-26T11:00:00Z", "2026-11-26T12:05:00Z")]
    [InlineData("2026-11-26T12:00:00Z", "2026-11-26T12:00:00Z", "2026-11-26T12:05:00Z")]
    [InlineData("2026-11-26T12:00:00Z", "2026-11-26T12:04:59Z", "2026-11-26T12:05:00Z")]
    [InlineData("2026-11-26T12:00:00Z", "2026-11-26T12:05:00Z", "2026-11-26T12:10:00Z")]
    [InlineData("2026-11-26T12:00:30Z", "2026-11-26T13:00:00Z", "2026-11-26T13:00:30Z")]
    public void Rate_counts_periods_from_its_anchor(string anchor, string after, string expected)
    {
        var rate = Rate("rate(5 minutes)");
        Assert.Equal(Time(expected), rate.NextAfter(Time(anchor), Time(after)));
    }

    [Theory]
    [InlineData("2026-11-26T12:04:59Z", null)]
    [InlineData("2026-11-26T12:05:00Z", "2026-11-26T12:05:00Z")]
    [InlineData("2026-11-26T12:09:59Z", "2026-11-26T12:05:00Z")]
    [InlineData("2026-11-27T12:00:00Z", "2026-11-27T12:00:00Z")]
    public void Rate_latest_firing_at_or_before(string until, string? expected)
    {
        var rate = Rate("rate(5 minutes)");
        Assert.Equal(expected is null ? null : Time(expected), rate.LatestAtOrBefore(Time("2026-11-26T12:00:00Z"), Time(until)));
    }

    [Theory]
    // every minute, missed for most of a year: found in the last hour without stepping through the year
    [InlineData("cron(* * * * ? *)", "2026-01-01T00:00:00Z", "2026-11-26T11:44:30Z", "2026-11-26T11:44:00Z")]
    [InlineData("cron(0 0 1 1 ? *)", "2020-06-01T00:00:00Z", "2026-11-26T11:44:00Z", "2026-01-01T00:00:00Z")]
    [InlineData("cron(0 0 1 1 ? *)", "2026-01-01T00:00:00Z", "2026-11-26T11:44:00Z", null)]
    [InlineData("cron(0 12 * * ? *)", "2026-11-26T11:00:00Z", "2026-11-26T11:30:00Z", null)]
    [InlineData("cron(0 12 * * ? *)", "2026-11-26T11:00:00Z", "2026-11-26T12:00:00Z", "2026-11-26T12:00:00Z")]
    [InlineData("cron(0 12 ? * MON *)", "2026-11-01T00:00:00Z", "2026-11-26T11:44:00Z", "2026-11-23T12:00:00Z")]
    public void Cron_latest_firing_in_range(string text, string after, string until, string? expected)
    {
        Assert.True(ScheduleExpression.TryParse(text, out var expression));
        var cron = Assert.IsType<CronSchedule>(expression);
        Assert.Equal(expected is null ? null : Time(expected), cron.LatestInRange(Time(after), Time(until)));
    }

    private static RateSchedule Rate(string text)
    {
        Assert.True(ScheduleExpression.TryParse(text, out var expression));
        return Assert.IsType<RateSchedule>(expression);
    }

    internal static DateTimeOffset Time(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
