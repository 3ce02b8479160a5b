namespace Switchyard.Domain.Replays;

/// <summary>The ARN of a replay: <c>arn:aws:events:REGION:ACCOUNT:replay/NAME</c>.</summary>
public static class ReplayArns
{
    public static string Replay(AccountRegion scope, string name) =>
        $"arn:{Arns.Partition}:events:{scope.Region}:{scope.AccountId}:replay/{name}";
}
