namespace Switchyard.Domain.Schedules;

/// <summary>
/// <c>rate(N unit)</c>: every N minutes, hours or days. Unlike cron it has no calendar of its own: the firings are
/// counted from an anchor (when the rule was created or enabled), which the scheduler keeps.
/// </summary>
public sealed class RateSchedule : ScheduleExpression
{
    /// <summary>
    /// AWS documents no upper bound; ten years keeps every anchor-plus-period sum far inside DateTimeOffset's range
    /// (a larger value would never fire in practice anyway).
    /// </summary>
    public static readonly TimeSpan LongestPeriod = TimeSpan.FromDays(3660);

    public TimeSpan Period { get; }

    private RateSchedule(string text, TimeSpan period) : base(text) => Period = period;

    internal static bool TryCreate(string text, string digits, string unit, out RateSchedule schedule)
    {
        schedule = null!;
        if (!TryParseCount(digits, out var value) || value <= 0) return false;
        // AWS wants the singular unit for 1 and the plural otherwise: rate(1 minute), rate(5 minutes).
        var plural = unit.EndsWith('s');
        if ((value == 1) == plural) return false;
        var minutes = unit.TrimEnd('s') switch
        {
            "minute" => 1L,
            "hour" => 60L,
            _ => 1440L,
        };
        if (value * minutes > LongestPeriod.TotalMinutes) return false;
        schedule = new RateSchedule(text, TimeSpan.FromMinutes(value * minutes));
        return true;
    }

    /// <summary>Without an anchor the next firing is one period on; the scheduler uses <see cref="NextAfter(DateTimeOffset, DateTimeOffset)"/>.</summary>
    public override DateTimeOffset? NextAfter(DateTimeOffset after) => after + Period;

    /// <summary>The first of anchor + k·period (k ≥ 1) strictly after <paramref name="after"/>.</summary>
    public DateTimeOffset NextAfter(DateTimeOffset anchor, DateTimeOffset after)
    {
        if (after < anchor) return anchor + Period;
        var elapsed = (after - anchor).Ticks / Period.Ticks;
        return anchor + TimeSpan.FromTicks(Period.Ticks * (elapsed + 1));
    }

    /// <summary>The last of anchor + k·period (k ≥ 1) at or before <paramref name="until"/>, or null before the first.</summary>
    public DateTimeOffset? LatestAtOrBefore(DateTimeOffset anchor, DateTimeOffset until)
    {
        if (until < anchor + Period) return null;
        var elapsed = (until - anchor).Ticks / Period.Ticks;
        return anchor + TimeSpan.FromTicks(Period.Ticks * elapsed);
    }
}
