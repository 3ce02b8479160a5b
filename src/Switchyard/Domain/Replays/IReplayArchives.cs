namespace Switchyard.Domain.Replays;

/// <summary>An archive as a replay sees it: where it lives, its name and its source bus (fixed at creation).</summary>
public sealed record ReplaySource(AccountRegion Scope, string ArchiveName, string ArchiveArn, string SourceBusName)
{
    public string SourceBusArn => Arns.EventBus(Scope, SourceBusName);
}

/// <summary>
/// Finds the archive a replay reads (StartReplay's EventSourceArn, and the runner before each minute). Implemented over
/// the archive catalog; a port of its own so replays depend only on what they need of archives.
/// </summary>
public interface IReplayArchives
{
    /// <summary>The archive the ARN names, in any account; false when there is none.</summary>
    bool TryFind(string archiveArn, out ReplaySource archive);
}
