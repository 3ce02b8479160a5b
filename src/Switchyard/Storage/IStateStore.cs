namespace Switchyard.Storage;

/// <summary>
/// Durable home of the control-plane state: every resource is one JSON document under (kind, key).
/// Implementations must have the change on stable storage when <see cref="Put"/> or <see cref="Delete"/> returns,
/// because the API answers success right after.
/// </summary>
public interface IStateStore : IDisposable
{
    /// <summary>All documents of one kind, for loading state at start-up.</summary>
    IReadOnlyList<StoredDocument> LoadAll(string kind);

    void Put(string kind, string key, string document);

    void Delete(string kind, string key);

    /// <summary>Several changes as one atomic unit (all land or none).</summary>
    void Apply(IReadOnlyList<StateChange> changes);

    /// <summary>Removes everything (the test-isolation reset endpoint).</summary>
    void Clear();
}

public sealed record StoredDocument(string Key, string Document)
{
    /// <summary>Every row of a SQL backend's query whose columns are key, document.</summary>
    internal static List<StoredDocument> ReadAll(System.Data.Common.DbDataReader reader)
    {
        var result = new List<StoredDocument>();
        while (reader.Read()) result.Add(new StoredDocument(reader.GetString(0), reader.GetString(1)));
        return result;
    }
}

/// <summary>A put (Document set) or a delete (Document null).</summary>
public sealed record StateChange(string Kind, string Key, string? Document);
