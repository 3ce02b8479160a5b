namespace Switchyard.Storage.Versioned;

/// <summary>Where a resource lives: its kind ("bus", "rule", ...), its account and region, and its name there.</summary>
public sealed record ResourceKey(string Kind, string Account, string Region, string Name)
{
    public override string ToString() => $"{Kind} {Account}/{Region}/{Name}";
}

/// <summary>A live resource as stored: its document and the version a compare-and-swap must name to change it.</summary>
public sealed record StoredResource(ResourceKey Key, long Version, string Document);

/// <summary>
/// One compare-and-swap write: it applies only if the resource's live version is still <paramref name="ExpectedVersion"/>
/// (0 = it must not exist). A null <paramref name="Document"/> deletes it.
/// </summary>
public sealed record ResourceWrite(ResourceKey Key, long ExpectedVersion, string? Document);

/// <summary>
/// One committed write, as the change feed hands it out: <paramref name="Sequence"/> orders every change of the store,
/// <paramref name="Version"/> is the resource's version after it, and a null <paramref name="Document"/> is a delete.
/// </summary>
public sealed record ResourceChange(long Sequence, ResourceKey Key, long Version, string? Document)
{
    /// <summary>Every row of a SQL backend's change query, whose columns are seq, kind, account, region, name, version,
    /// document (null for a delete).</summary>
    internal static List<ResourceChange> ReadAll(System.Data.Common.DbDataReader reader)
    {
        var result = new List<ResourceChange>();
        while (reader.Read())
        {
            result.Add(new ResourceChange(reader.GetInt64(0),
                new ResourceKey(reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)),
                reader.GetInt64(5), reader.IsDBNull(6) ? null : reader.GetString(6)));
        }
        return result;
    }
}
