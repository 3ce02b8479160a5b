using Switchyard.Domain.Archives;

namespace Switchyard.Domain.Replays;

/// <summary>The archives replays read, as the archive catalog has them.</summary>
public sealed class ArchiveReplaySources(ArchiveCatalog archives) : IReplayArchives
{
    public bool TryFind(string archiveArn, out ReplaySource archive)
    {
        archive = null!;
        if (!archives.TryGetByArn(archiveArn, out var found)) return false;
        archive = new ReplaySource(found.Scope, found.Name, found.Arn, found.BusName);
        return true;
    }
}
