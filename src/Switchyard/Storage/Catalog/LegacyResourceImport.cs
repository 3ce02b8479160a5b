using Switchyard.Storage.Versioned;

namespace Switchyard.Storage.Catalog;

/// <summary>
/// Carries the resources of a data directory written before the versioned store (issue 8) into it, once: they lived
/// in the <see cref="IStateStore"/> as one JSON document per (kind, "account/region/name") — for rules the name part
/// was already "bus/rule", which is how the versioned store names them too.
/// </summary>
public static class LegacyResourceImport
{
    /// <summary>
    /// Imports the documents of <paramref name="kinds"/> if <paramref name="store"/> has never been written (so a
    /// resource deleted after the import can never come back), as one commit, then removes them from the old store.
    /// A crash between the two leaves old rows behind that the next start removes without importing again.
    /// </summary>
    /// <returns>How many resources were imported.</returns>
    public static int Run(IStateStore legacy, IVersionedStore store, IReadOnlyList<string> kinds)
    {
        var found = kinds.SelectMany(kind => legacy.LoadAll(kind).Select(document => (Kind: kind, Document: document))).ToList();
        if (found.Count == 0) return 0;
        var imported = 0;
        if (store.LastSequence == 0)
        {
            // The old documents are the same records serialized by the same contexts: format 1 once enveloped.
            store.Commit(found.Select(f => new ResourceWrite(KeyOf(f.Kind, f.Document.Key), 0, ResourceDocument.Wrap(f.Document.Document))).ToList());
            imported = found.Count;
        }
        legacy.Apply(found.Select(f => new StateChange(f.Kind, f.Document.Key, null)).ToList());
        return imported;
    }

    /// <summary>"account/region/name": account ids and region names have no '/', names (and "bus/rule") may.</summary>
    private static ResourceKey KeyOf(string kind, string legacyKey)
    {
        var parts = legacyKey.Split('/', 3);
        if (parts.Length != 3) throw new InvalidDataException($"stored {kind} key '{legacyKey}' is not account/region/name");
        return new ResourceKey(kind, parts[0], parts[1], parts[2]);
    }
}
