using Switchyard.Scheduler.Domain;

namespace Switchyard.Tests.Scheduler;

/// <summary>
/// When EventBridge Scheduler expressions fire: at(), rate() and cron() in a time zone, with daylight-saving changes
/// handled as the user guide documents (a wall time the spring-forward gap skips does not fire; one the fall-back
/// hour repeats fires once), and StartDate / EndDate bounds. 2026's European changes: 29 March and 25 October.
/// </summary>
public class ScheduleTimingTests
{
    private static readonly DateTimeOffset Anchor = At("2026-01-01T00:00:00Z");

    [Fact]
    public void Weekday_mornings_in_Berlin_follow_the_spring_change()
    {
        var timing = Timing("cron(0 9 ? * MON-FRI *)", "Europe/Berlin");
        var firings = Firings(timing, At("2026-03-26T00:00:00Z"), 4);
        // Thu and Fri at 09:00 CET (UTC+1), then Mon and Tue at 09:00 CEST (UTC+2).
        Assert.Equal([At("2026-03-26T08:00:00Z"), At("2026-03-27T08:00:00Z"), At("2026-03-30T07:00:00Z"), At("2026-03-31T07:00:00Z")], firings);
    }

    [Fact]
    public void A_wall_time_skipped_by_spring_forward_does_not_fire()
    {
        var timing = Timing("cron(30 2 * * ? *)", "Europe/Berlin");
        var firings = Firings(timing, At("2026-03-28T00:00:00Z"), 2);
        Assert.Equal([At("2026-03-28T01:30:00Z"), At("2026-03-30T00:30:00Z")], firings);
    }

    [Fact]
    public void A_wall_time_repeated_by_fall_back_fires_once()
    {
        var timing = Timing("cron(30 2 * * ? *)", "Europe/Berlin");
        var firings = Firings(timing, At("2026-10-24T12:00:00Z"), 3);
        // 25 October 02:30 happens twice (CEST, then CET): it fires at the first one only.
        Assert.Equal([At("2026-10-25T00:30:00Z"), At("2026-10-26T01:30:00Z"), At("2026-10-27T01:30:00Z")], firings);
    }

    [Fact]
    public void Every_quarter_hour_through_the_repeated_hour_fires_each_wall_time_once()
    {
        var timing = Timing("cron(0/15 * * * ? *)", "Europe/Berlin");
        var firings = Firings(timing, At("2026-10-25T00:00:00Z"), 6);
        Assert.Equal([At("2026-10-25T00:00:00Z"), At("2026-10-25T00:15:00Z"), At("2026-10-25T00:30:00Z"), At("2026-10-25T00:45:00Z"),
            At("2026-10-25T02:00:00Z"), At("2026-10-25T02:15:00Z")], firings);
    }

    [Fact]
    public void New_York_across_its_spring_change()
    {
        var timing = Timing("cron(0 12 * * ? *)", "America/New_York");
        // 8 March 2026: EST (UTC-5) to EDT (UTC-4).
        Assert.Equal([At("2026-03-07T17:00:00Z"), At("2026-03-08T16:00:00Z")], Firings(timing, At("2026-03-07T00:00:00Z"), 2));
    }

    [Fact]
    public void At_is_a_wall_time_in_the_zone_and_fires_once()
    {
        var timing = Timing("at(2026-07-01T12:00:00)", "America/New_York");
        Assert.True(timing.IsOneTime);
        Assert.Equal(At("2026-07-01T16:00:00Z"), timing.FirstAtOrAfter(DateTimeOffset.MinValue, Anchor));
        Assert.Null(timing.NextAfter(At("2026-07-01T16:00:00Z"), Anchor));
        Assert.Null(timing.FirstAtOrAfter(At("2026-07-01T16:00:01Z"), Anchor));
    }

    [Fact]
    public void Rate_starts_at_its_anchor_and_ignores_the_zone()
    {
        var timing = Timing("rate(1 day)", "Europe/Berlin");
        Assert.Equal(Anchor, timing.FirstAtOrAfter(Anchor, Anchor));
        // 24 hours apart across the spring change (a day is 24 hours on Scheduler's rate).
        var anchor = At("2026-03-28T10:00:00Z");
        Assert.Equal(At("2026-03-29T10:00:00Z"), timing.NextAfter(anchor, anchor));
        Assert.Equal(At("2026-03-30T10:00:00Z"), timing.FirstAtOrAfter(At("2026-03-29T10:00:01Z"), anchor));
    }

    [Fact]
    public void Start_and_end_dates_bound_the_firings()
    {
        var timing = Timing("rate(1 hour)", null, start: At("2026-05-01T00:00:00Z"), end: At("2026-05-01T02:30:00Z"));
        Assert.Equal([At("2026-05-01T00:00:00Z"), At("2026-05-01T01:00:00Z"), At("2026-05-01T02:00:00Z")],
            Firings(timing, At("2026-04-01T00:00:00Z"), 10));
        var cron = Timing("cron(0 * * * ? *)", "UTC", start: At("2026-05-01T00:30:00Z"), end: At("2026-05-01T01:00:00Z"));
        Assert.Equal([At("2026-05-01T01:00:00Z")], Firings(cron, At("2026-04-01T00:00:00Z"), 10));
    }

    [Theory]
    [InlineData("at(2030-01-01T00:00:00)", true)]
    [InlineData("rate(5 minutes)", true)]
    [InlineData("cron(0 9 ? * MON-FRI *)", true)]
    [InlineData("at(2030-13-01T00:00:00)", false)]
    [InlineData("at(2030-01-01 00:00:00)", false)]
    [InlineData("rate(1 minutes)", false)]
    [InlineData("cron(0 9 * * *)", false)]
    [InlineData("every day", false)]
    public void Expressions_are_recognised(string expression, bool valid) => Assert.Equal(valid, ScheduleTiming.IsValidExpression(expression));

    [Fact]
    public void Time_zones_are_IANA_names()
    {
        Assert.True(ScheduleTiming.TryFindZone("Europe/Berlin", out _));
        Assert.True(ScheduleTiming.TryFindZone(null, out var utc));
        Assert.Equal(TimeZoneInfo.Utc, utc);
        Assert.False(ScheduleTiming.TryFindZone("Mars/Olympus", out _));
    }

    private static List<DateTimeOffset> Firings(ScheduleTiming timing, DateTimeOffset from, int max)
    {
        var result = new List<DateTimeOffset>();
        var next = timing.FirstAtOrAfter(from, Anchor);
        while (next is { } n && result.Count < max)
        {
            result.Add(n);
            next = timing.NextAfter(n, Anchor);
        }
        return result;
    }

    internal static ScheduleTiming Timing(string expression, string? zone, DateTimeOffset? start = null, DateTimeOffset? end = null) =>
        ScheduleTiming.Of(SchedulerFixtures.Schedule("s", expression, zone) with { StartDate = start, EndDate = end });

    internal static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);
}
