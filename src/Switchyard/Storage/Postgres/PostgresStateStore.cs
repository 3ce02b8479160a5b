using Npgsql;
using NpgsqlTypes;

namespace Switchyard.Storage.Postgres;

/// <summary>
/// <see cref="IStateStore"/> in the <c>state_documents</c> table of the shared database (the scheduled rules' progress
/// lives there, so a node that takes over a schedule's lease continues from the last firing any node recorded).
/// A change is committed (and so durable, with PostgreSQL's default synchronous_commit) when a call returns.
/// </summary>
public sealed class PostgresStateStore(NpgsqlDataSource dataSource) : IStateStore
{
    public IReadOnlyList<StoredDocument> LoadAll(string kind)
    {
        using var command = dataSource.CreateCommand("SELECT key, document FROM state_documents WHERE kind = $1 ORDER BY key");
        command.Parameters.Add(Text(kind));
        using var reader = command.ExecuteReader();
        return StoredDocument.ReadAll(reader);
    }

    public void Put(string kind, string key, string document) => Apply([new StateChange(kind, key, document)]);

    public void Delete(string kind, string key) => Apply([new StateChange(kind, key, null)]);

    public void Apply(IReadOnlyList<StateChange> changes)
    {
        if (changes.Count == 0) return;
        using var connection = dataSource.OpenConnection();
        // One round trip; a batch of several statements runs in one implicit transaction: all land or none.
        using var batch = new NpgsqlBatch(connection);
        foreach (var change in changes)
        {
            var command = new NpgsqlBatchCommand(change.Document is null
                ? "DELETE FROM state_documents WHERE kind = $1 AND key = $2"
                : """
                  INSERT INTO state_documents (kind, key, document) VALUES ($1, $2, $3)
                  ON CONFLICT (kind, key) DO UPDATE SET document = excluded.document
                  """);
            command.Parameters.Add(Text(change.Kind));
            command.Parameters.Add(Text(change.Key));
            if (change.Document is not null) command.Parameters.Add(Text(change.Document));
            batch.BatchCommands.Add(command);
        }
        batch.ExecuteNonQuery();
    }

    public void Clear()
    {
        using var command = dataSource.CreateCommand("DELETE FROM state_documents");
        command.ExecuteNonQuery();
    }

    private static NpgsqlParameter Text(string value) => new() { Value = value, NpgsqlDbType = NpgsqlDbType.Text };

    /// <summary>The data source belongs to the process's <see cref="PostgresDatabase"/>.</summary>
    public void Dispose()
    {
    }
}
