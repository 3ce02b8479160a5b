using Switchyard.Storage.Catalog;

namespace Switchyard.Domain.Archives;

/// <summary>
/// All archives of all accounts and regions, over the generic <see cref="ResourceCatalog{T}"/> (so they live in the
/// versioned store and every node of a cluster sees them): reads from its cache, changes as compare-and-swap writes.
/// </summary>
public sealed class ArchiveCatalog
{
    public const string StateKind = "archive";

    private readonly ResourceCatalog<Archive> _archives;

    public ArchiveCatalog(ChangeFeedPump pump)
    {
        _archives = new ResourceCatalog<Archive>(pump, StateKind, ArchiveJsonContext.Default.Archive, ApiErrors.ConcurrentModification);
    }

    public bool TryGet(AccountRegion scope, string name, out Archive archive) =>
        _archives.TryGet(scope.AccountId, scope.Region, name, out archive);

    public Archive Get(AccountRegion scope, string name) =>
        TryGet(scope, name, out var archive) ? archive : throw ArchiveErrors.NotFound(name);

    /// <summary>Finds an archive by its ARN.</summary>
    public bool TryGetByArn(string arn, out Archive archive)
    {
        archive = null!;
        return ArchiveArns.TryParse(arn, out var scope, out var name) && TryGet(scope, name, out archive);
    }

    /// <summary>The archives of one account and region, by name.</summary>
    public IReadOnlyList<Archive> List(AccountRegion scope) =>
        _archives.InScope(scope.AccountId, scope.Region).OrderBy(a => a.Name, StringComparer.Ordinal).ToList();

    public IEnumerable<Archive> All => _archives.All;

    public Archive Create(Archive archive) =>
        _archives.Change(archive.AccountId, archive.Region, archive.Name, current =>
            current is null ? archive : throw ArchiveErrors.AlreadyExists(archive.Name))!;

    /// <summary>Read-modify-write, retried on a concurrent change; <paramref name="change"/> may throw to refuse.</summary>
    public Archive Update(AccountRegion scope, string name, Func<Archive, Archive> change) =>
        _archives.Change(scope.AccountId, scope.Region, name, current => change(current ?? throw ArchiveErrors.NotFound(name)))!;

    /// <summary>Removes an archive and returns it as it was.</summary>
    public Archive Delete(AccountRegion scope, string name)
    {
        Archive? deleted = null;
        _archives.Change(scope.AccountId, scope.Region, name, current =>
        {
            deleted = current ?? throw ArchiveErrors.NotFound(name);
            return null;
        });
        return deleted!;
    }
}
