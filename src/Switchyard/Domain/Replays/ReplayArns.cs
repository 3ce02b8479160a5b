namespace Switchyard.Domain.Replays;

/// <summary>The ARN of a replay: <c>arn:aws:events:REGION:ACCOUNT:replay/NAME</c>.</summary>
public static class ReplayArns
{
    public static string Replay(AccountRegion scope, string name) =>
        $"arn:{Arns.Partition}:events:{scope.Region}:{scope.AccountId}:replay/{name}";

    /// <summary>The name an archive ARN ends with (<c>…:archive/NAME</c>), as AWS's messages about it say it.</summary>
    public static string ArchiveNameOf(string archiveArn) => archiveArn[(archiveArn.LastIndexOf('/') + 1)..];
}
