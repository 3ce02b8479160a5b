using Microsoft.Data.Sqlite;

namespace Switchyard.Storage;

/// <summary>
/// The default store: one SQLite file in the data directory. WAL journal with synchronous=FULL, so a committed
/// change survives a crash of the process or the machine before the API answers.
/// </summary>
public sealed class SqliteStateStore : IStateStore
{
    /// <summary>The state database in the data directory; the versioned resource store shares it.</summary>
    public const string FileName = "switchyard.db";

    private readonly SqliteConnection _connection;
    // SQLite allows one writer at a time; one connection guarded by a lock keeps it simple and fast for control-plane writes.
    private readonly object _gate = new();

    public SqliteStateStore(string dataDirectory)
    {
        // The versioned store writes to the same file from its own connection: wait for its write lock, do not fail.
        _connection = SqliteFiles.OpenWal(Path.Combine(dataDirectory, FileName), busyTimeout: TimeSpan.FromSeconds(30));
        Execute("""
            CREATE TABLE IF NOT EXISTS documents (
                kind TEXT NOT NULL,
                key TEXT NOT NULL,
                document TEXT NOT NULL,
                PRIMARY KEY (kind, key)
            ) WITHOUT ROWID;
            """);
    }

    public IReadOnlyList<StoredDocument> LoadAll(string kind)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT key, document FROM documents WHERE kind = $kind ORDER BY key";
            command.Parameters.AddWithValue("$kind", kind);
            using var reader = command.ExecuteReader();
            return StoredDocument.ReadAll(reader);
        }
    }

    public void Put(string kind, string key, string document) => Apply([new StateChange(kind, key, document)]);

    public void Delete(string kind, string key) => Apply([new StateChange(kind, key, null)]);

    public void Apply(IReadOnlyList<StateChange> changes)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            foreach (var change in changes)
            {
                using var command = _connection.CreateCommand();
                command.Transaction = transaction;
                if (change.Document is null)
                {
                    command.CommandText = "DELETE FROM documents WHERE kind = $kind AND key = $key";
                }
                else
                {
                    command.CommandText = """
                        INSERT INTO documents (kind, key, document) VALUES ($kind, $key, $document)
                        ON CONFLICT (kind, key) DO UPDATE SET document = excluded.document
                        """;
                    command.Parameters.AddWithValue("$document", change.Document);
                }
                command.Parameters.AddWithValue("$kind", change.Kind);
                command.Parameters.AddWithValue("$key", change.Key);
                command.ExecuteNonQuery();
            }
            transaction.Commit();
        }
    }

    public void Clear()
    {
        lock (_gate) Execute("DELETE FROM documents;");
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        lock (_gate) _connection.Dispose();
    }
}
