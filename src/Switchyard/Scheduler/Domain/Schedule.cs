using System.Text.Json.Serialization;
using Switchyard.Domain;

namespace Switchyard.Scheduler.Domain;

/// <summary>
/// An EventBridge Scheduler schedule as stored (the versioned store's document of kind <see cref="SchedulerKinds.Schedule"/>):
/// what to run, when, and where to deliver. Immutable; the API writes a new one on every change.
/// </summary>
public sealed record Schedule
{
    public required string AccountId { get; init; }
    public required string Region { get; init; }
    public required string GroupName { get; init; }
    public required string Name { get; init; }
    public required string ScheduleExpression { get; init; }

    /// <summary>IANA time zone the expression is read in; null means UTC (AWS returns "UTC").</summary>
    public string? ScheduleExpressionTimezone { get; init; }

    public DateTimeOffset? StartDate { get; init; }
    public DateTimeOffset? EndDate { get; init; }
    public string? Description { get; init; }
    public required string State { get; init; }
    public required string FlexibleTimeWindowMode { get; init; }
    public int? MaximumWindowInMinutes { get; init; }
    public required ScheduleTarget Target { get; init; }
    public required string ActionAfterCompletion { get; init; }
    public string? KmsKeyArn { get; init; }

    /// <summary>The ClientToken of the call that created it: a retried CreateSchedule with the same token succeeds.</summary>
    public string? ClientToken { get; init; }

    public required DateTimeOffset CreationDate { get; init; }
    public required DateTimeOffset LastModificationDate { get; init; }

    [JsonIgnore]
    public AccountRegion Scope => new(AccountId, Region);

    [JsonIgnore]
    public string Arn => SchedulerArns.Schedule(Scope, GroupName, Name);

    [JsonIgnore]
    public bool IsEnabled => State == ScheduleStates.Enabled;
}

/// <summary>
/// A schedule's target (domain form): the templated parameters Switchyard acts on, and the rest of AWS's target
/// parameters (ECS, Kinesis, SageMaker) kept as the JSON the caller sent, so GetSchedule returns them unchanged.
/// </summary>
public sealed record ScheduleTarget
{
    public required string Arn { get; init; }
    public required string RoleArn { get; init; }
    public string? Input { get; init; }
    public int? MaximumEventAgeInSeconds { get; init; }
    public int? MaximumRetryAttempts { get; init; }
    public string? DeadLetterArn { get; init; }
    public string? SqsMessageGroupId { get; init; }
    public string? EventBridgeDetailType { get; init; }
    public string? EventBridgeSource { get; init; }
    public string? EcsParameters { get; init; }
    public string? KinesisParameters { get; init; }
    public string? SageMakerPipelineParameters { get; init; }

    /// <summary>AWS's RetryPolicy defaults for Scheduler: 185 retries within 24 hours.</summary>
    public const int DefaultMaximumRetryAttempts = 185;
    public const int DefaultMaximumEventAgeInSeconds = 86_400;

    [JsonIgnore]
    public TimeSpan MaximumEventAge => TimeSpan.FromSeconds(MaximumEventAgeInSeconds ?? DefaultMaximumEventAgeInSeconds);
}

/// <summary>A schedule group (kind <see cref="SchedulerKinds.Group"/>); tags live here, since only groups take tags.</summary>
public sealed record ScheduleGroup
{
    public required string AccountId { get; init; }
    public required string Region { get; init; }
    public required string Name { get; init; }
    public required DateTimeOffset CreationDate { get; init; }
    public required DateTimeOffset LastModificationDate { get; init; }
    public List<ResourceTagPair> Tags { get; init; } = [];
    public string? ClientToken { get; init; }

    [JsonIgnore]
    public string Arn => SchedulerArns.Group(new AccountRegion(AccountId, Region), Name);
}

public sealed record ResourceTagPair(string Key, string Value);

public static class ScheduleStates
{
    public const string Enabled = "ENABLED";
    public const string Disabled = "DISABLED";
}

public static class SchedulerKinds
{
    /// <summary>Stored under "GROUP/NAME": names are unique per group, and '/' is in neither name's pattern.</summary>
    public const string Schedule = "scheduler-schedule";
    public const string Group = "scheduler-group";

    /// <summary>A schedule's firing progress (<see cref="FiringState"/>), written by the clock only, under the schedule's key name.</summary>
    public const string Firing = "scheduler-firing";

    public const string DefaultGroup = "default";
}

public static class SchedulerArns
{
    public static string Schedule(AccountRegion scope, string group, string name) =>
        $"arn:aws:scheduler:{scope.Region}:{scope.AccountId}:schedule/{group}/{name}";

    public static string Group(AccountRegion scope, string name) =>
        $"arn:aws:scheduler:{scope.Region}:{scope.AccountId}:schedule-group/{name}";
}
