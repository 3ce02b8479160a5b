using Switchyard.Domain;
using Switchyard.Scheduler.Domain;
using Switchyard.Scheduler.Protocol;

namespace Switchyard.Scheduler.Api;

/// <summary>
/// The checks CreateSchedule and UpdateSchedule make beyond the model's constraints (the expression, its time zone,
/// the flexible time window, the dates, the target ARN). Messages are Switchyard's (AWS's exact texts are not recorded;
/// docs/compat.md); the error is AWS's ValidationException either way.
/// </summary>
internal static class ScheduleInputRules
{
    /// <summary>AWS refuses a StartDate more than five minutes in the past (API reference, CreateSchedule StartDate).</summary>
    private static readonly TimeSpan StartDateGrace = TimeSpan.FromMinutes(5);

    public static void Check(string expression, string? timezone, FlexibleTimeWindow window, DateTimeOffset? start, DateTimeOffset? end,
        Target target, DateTimeOffset now)
    {
        if (!ScheduleTiming.IsValidExpression(expression))
            throw SchedulerErrors.Validation($"Invalid Schedule Expression {expression}.");
        if (!ScheduleTiming.TryFindZone(timezone, out _))
            throw SchedulerErrors.Validation($"Invalid Schedule Expression Timezone {timezone}.");
        if (window.Mode == "FLEXIBLE" && window.MaximumWindowInMinutes is null)
            throw SchedulerErrors.Validation("MaximumWindowInMinutes is required when FlexibleTimeWindow Mode is FLEXIBLE.");
        if (window.Mode == "OFF" && window.MaximumWindowInMinutes is not null)
            throw SchedulerErrors.Validation("MaximumWindowInMinutes must not be set when FlexibleTimeWindow Mode is OFF.");
        if (start is { } s && s < now - StartDateGrace)
            throw SchedulerErrors.Validation("The StartDate you specify cannot be earlier than 5 minutes ago.");
        if (start is { } from && end is { } until && until <= from)
            throw SchedulerErrors.Validation("The EndDate you specify must be after the StartDate.");
        if (end is { } e && e <= now)
            throw SchedulerErrors.Validation("The EndDate you specify must be in the future.");
        if (!Arns.TryParse(target.Arn!, out _))
            throw SchedulerErrors.Validation($"Invalid target ARN {target.Arn}.");
    }
}
