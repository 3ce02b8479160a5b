using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Switchyard.Domain;
using Switchyard.Domain.Routing;
using Switchyard.Scheduler.Domain;

namespace Switchyard.Scheduler.Firing;

/// <summary>
/// One firing of a schedule as the journal keeps it (the event of its delivery): everything its delivery needs,
/// including the target as it was when the schedule fired, so retries go on after the schedule changed or was
/// deleted (ActionAfterCompletion DELETE removes a one-time schedule right after it fires).
/// </summary>
public sealed record ScheduledInvocation(
    string AccountId,
    string Region,
    string GroupName,
    string ScheduleName,
    string ExecutionId,
    DateTimeOffset ScheduledTime,
    ScheduleTarget Target)
{
    public AccountRegion Scope => new(AccountId, Region);

    public string ScheduleArn => SchedulerArns.Schedule(Scope, GroupName, ScheduleName);

    /// <summary>The execution id: the same for the same schedule and scheduled time, so a repeated firing is recognisable.</summary>
    public static string ExecutionIdFor(string scheduleArn, DateTimeOffset scheduledTime)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{scheduleArn}|{scheduledTime.UtcTicks.ToString(CultureInfo.InvariantCulture)}"));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }

    /// <summary>
    /// The target's input with Scheduler's context attributes filled in (user guide, "Adding context attributes"):
    /// <c>&lt;aws.scheduler.schedule-arn&gt;</c>, <c>&lt;aws.scheduler.scheduled-time&gt;</c>,
    /// <c>&lt;aws.scheduler.execution-id&gt;</c> and <c>&lt;aws.scheduler.attempt-number&gt;</c>.
    /// </summary>
    public string InputFor(int attempt) => (Target.Input ?? "")
        .Replace("<aws.scheduler.schedule-arn>", ScheduleArn, StringComparison.Ordinal)
        .Replace("<aws.scheduler.scheduled-time>", EventEnvelope.FormatTime(ScheduledTime), StringComparison.Ordinal)
        .Replace("<aws.scheduler.execution-id>", ExecutionId, StringComparison.Ordinal)
        .Replace("<aws.scheduler.attempt-number>", attempt.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, FiringJsonContext.Default.ScheduledInvocation);

    public static ScheduledInvocation? FromJson(byte[] json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, FiringJsonContext.Default.ScheduledInvocation);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

[System.Text.Json.Serialization.JsonSourceGenerationOptions(DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
[System.Text.Json.Serialization.JsonSerializable(typeof(ScheduledInvocation))]
internal sealed partial class FiringJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
