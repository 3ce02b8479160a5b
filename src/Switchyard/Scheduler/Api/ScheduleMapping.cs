using System.Text.Json;
using Switchyard.Scheduler.Domain;
using Switchyard.Scheduler.Protocol;
using Target = Switchyard.Scheduler.Protocol.Target;

namespace Switchyard.Scheduler.Api;

/// <summary>Between Scheduler's wire shapes (generated) and its domain records.</summary>
internal static class ScheduleMapping
{
    public static ScheduleTarget ToDomain(Target target) => new()
    {
        Arn = target.Arn!,
        RoleArn = target.RoleArn!,
        Input = target.Input,
        MaximumEventAgeInSeconds = target.RetryPolicy?.MaximumEventAgeInSeconds,
        MaximumRetryAttempts = target.RetryPolicy?.MaximumRetryAttempts,
        DeadLetterArn = target.DeadLetterConfig?.Arn,
        SqsMessageGroupId = target.SqsParameters?.MessageGroupId,
        EventBridgeDetailType = target.EventBridgeParameters?.DetailType,
        EventBridgeSource = target.EventBridgeParameters?.Source,
        EcsParameters = Raw(target.EcsParameters, SchedulerJsonContext.Default.EcsParameters),
        KinesisParameters = Raw(target.KinesisParameters, SchedulerJsonContext.Default.KinesisParameters),
        SageMakerPipelineParameters = Raw(target.SageMakerPipelineParameters, SchedulerJsonContext.Default.SageMakerPipelineParameters),
    };

    public static Target ToWire(ScheduleTarget target) => new()
    {
        Arn = target.Arn,
        RoleArn = target.RoleArn,
        Input = target.Input,
        // AWS fills in the RetryPolicy defaults it applies (185 attempts, 86400 s) when the caller gave none.
        RetryPolicy = new RetryPolicy
        {
            MaximumEventAgeInSeconds = target.MaximumEventAgeInSeconds ?? ScheduleTarget.DefaultMaximumEventAgeInSeconds,
            MaximumRetryAttempts = target.MaximumRetryAttempts ?? ScheduleTarget.DefaultMaximumRetryAttempts,
        },
        DeadLetterConfig = target.DeadLetterArn is null ? null : new DeadLetterConfig { Arn = target.DeadLetterArn },
        SqsParameters = target.SqsMessageGroupId is null ? null : new SqsParameters { MessageGroupId = target.SqsMessageGroupId },
        EventBridgeParameters = target.EventBridgeSource is null && target.EventBridgeDetailType is null
            ? null
            : new EventBridgeParameters { DetailType = target.EventBridgeDetailType, Source = target.EventBridgeSource },
        EcsParameters = Parse(target.EcsParameters, SchedulerJsonContext.Default.EcsParameters),
        KinesisParameters = Parse(target.KinesisParameters, SchedulerJsonContext.Default.KinesisParameters),
        SageMakerPipelineParameters = Parse(target.SageMakerPipelineParameters, SchedulerJsonContext.Default.SageMakerPipelineParameters),
    };

    public static GetScheduleOutput ToWire(Schedule schedule) => new()
    {
        ActionAfterCompletion = schedule.ActionAfterCompletion,
        Arn = schedule.Arn,
        CreationDate = schedule.CreationDate,
        Description = schedule.Description,
        EndDate = schedule.EndDate,
        FlexibleTimeWindow = new FlexibleTimeWindow { Mode = schedule.FlexibleTimeWindowMode, MaximumWindowInMinutes = schedule.MaximumWindowInMinutes },
        GroupName = schedule.GroupName,
        KmsKeyArn = schedule.KmsKeyArn,
        LastModificationDate = schedule.LastModificationDate,
        Name = schedule.Name,
        ScheduleExpression = schedule.ScheduleExpression,
        ScheduleExpressionTimezone = schedule.ScheduleExpressionTimezone ?? "UTC",
        StartDate = schedule.StartDate,
        State = schedule.State,
        Target = ToWire(schedule.Target),
    };

    public static ScheduleSummary ToSummary(Schedule schedule) => new()
    {
        Arn = schedule.Arn,
        CreationDate = schedule.CreationDate,
        GroupName = schedule.GroupName,
        LastModificationDate = schedule.LastModificationDate,
        Name = schedule.Name,
        State = schedule.State,
        Target = new TargetSummary { Arn = schedule.Target.Arn },
    };

    private static string? Raw<T>(T? value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info) where T : class =>
        value is null ? null : JsonSerializer.Serialize(value, info);

    private static T? Parse<T>(string? json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info) where T : class =>
        json is null ? null : JsonSerializer.Deserialize(json, info);
}
