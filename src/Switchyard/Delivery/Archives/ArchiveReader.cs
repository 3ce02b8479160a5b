using Switchyard.Domain.Archives;

namespace Switchyard.Delivery.Archives;

/// <summary>
/// The <see cref="IArchiveReader"/> replays use: the archive's events as its store holds them, without those of an
/// archive that no longer exists (deleted: its rows may still be being removed) and without those past its retention
/// that the retention service has not removed yet. Retention is judged by <paramref name="clock"/>, the same clock
/// <see cref="ArchiveRetention"/> expires by (the Scheduler test clock when it is on).
/// </summary>
public sealed class ArchiveReader(ArchiveCatalog archives, IArchiveStore store, TimeProvider clock) : IArchiveReader
{
    public IReadOnlyList<ArchivedEvent> Read(string archiveArn, DateTimeOffset from, DateTimeOffset to, long afterPosition, int max)
    {
        if (!archives.TryGetByArn(archiveArn, out var archive)) return [];
        var since = archive.RetentionDays > 0 ? clock.GetUtcNow() - TimeSpan.FromDays(archive.RetentionDays) : DateTimeOffset.MinValue;
        return store.Read(archiveArn, from, to, afterPosition, max, since);
    }
}
