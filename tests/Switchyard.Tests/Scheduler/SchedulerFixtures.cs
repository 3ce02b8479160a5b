using Switchyard.Scheduler.Domain;

namespace Switchyard.Tests.Scheduler;

internal static class SchedulerFixtures
{
    public const string Account = "123456789012";
    public const string Region = "us-east-1";

    public static Schedule Schedule(string name, string expression, string? zone = null, DateTimeOffset? created = null) => new()
    {
        AccountId = Account,
        Region = Region,
        GroupName = SchedulerKinds.DefaultGroup,
        Name = name,
        ScheduleExpression = expression,
        ScheduleExpressionTimezone = zone,
        State = ScheduleStates.Enabled,
        FlexibleTimeWindowMode = "OFF",
        Target = new ScheduleTarget { Arn = $"arn:aws:sqs:{Region}:{Account}:q", RoleArn = $"arn:aws:iam::{Account}:role/r", Input = "hello" },
        ActionAfterCompletion = "NONE",
        CreationDate = created ?? DateTimeOffset.UnixEpoch,
        LastModificationDate = created ?? DateTimeOffset.UnixEpoch,
    };
}
