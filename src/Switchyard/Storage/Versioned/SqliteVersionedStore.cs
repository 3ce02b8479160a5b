using Microsoft.Data.Sqlite;

namespace Switchyard.Storage.Versioned;

/// <summary>
/// The embedded backend: one SQLite file, WAL journal with synchronous=FULL (a returned commit survives a crash of
/// the process or the machine). Several instances may open one file; each commit runs in a BEGIN IMMEDIATE
/// transaction, so its version checks and writes hold SQLite's single write lock together and a commit by another
/// connection cannot slip in between (that, not this process's lock, is what makes the compare-and-swap safe).
/// </summary>
public sealed class SqliteVersionedStore : IVersionedStore
{
    // Served by the primary key (kind, account, region, name): a range of the clustered index, already in name order.
    internal const string ListSql = """
        SELECT name, version, document FROM resources
        WHERE kind = $kind AND account = $account AND region = $region AND document IS NOT NULL
        ORDER BY name
        """;

    private readonly SqliteConnection _connection;
    // One connection is not safe for concurrent use; callers of this instance take turns on it.
    private readonly object _gate = new();

    public SqliteVersionedStore(string databasePath)
    {
        // Another instance's write transaction makes this one wait for the write lock instead of failing at once.
        _connection = SqliteFiles.OpenWal(databasePath, busyTimeout: TimeSpan.FromSeconds(30));
        using var transaction = _connection.BeginTransaction();
        Execute("""
            CREATE TABLE IF NOT EXISTS resources (
                kind TEXT NOT NULL,
                account TEXT NOT NULL,
                region TEXT NOT NULL,
                name TEXT NOT NULL,
                version INTEGER NOT NULL,
                -- NULL: deleted. The row stays so a re-created resource continues the version count and a writer
                -- holding a version from before the delete cannot overwrite the new resource.
                document TEXT,
                PRIMARY KEY (kind, account, region, name)
            ) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS changes (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                kind TEXT NOT NULL,
                account TEXT NOT NULL,
                region TEXT NOT NULL,
                name TEXT NOT NULL,
                version INTEGER NOT NULL,
                document TEXT
            );
            """, transaction);
        transaction.Commit();
    }

    public StoredResource? Get(ResourceKey key)
    {
        CommitArguments.CheckKey(key);
        lock (_gate)
        {
            using var command = Command("""
                SELECT version, document FROM resources
                WHERE kind = $kind AND account = $account AND region = $region AND name = $name AND document IS NOT NULL
                """, key);
            using var reader = command.ExecuteReader();
            return reader.Read() ? new StoredResource(key, reader.GetInt64(0), reader.GetString(1)) : null;
        }
    }

    public IReadOnlyList<StoredResource> List(string kind, string account, string region)
    {
        CommitArguments.CheckScope(kind, account, region);
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = ListSql;
            command.Parameters.AddWithValue("$kind", kind);
            command.Parameters.AddWithValue("$account", account);
            command.Parameters.AddWithValue("$region", region);
            using var reader = command.ExecuteReader();
            var result = new List<StoredResource>();
            while (reader.Read())
                result.Add(new StoredResource(new ResourceKey(kind, account, region, reader.GetString(0)), reader.GetInt64(1), reader.GetString(2)));
            return result;
        }
    }

    public long Commit(IReadOnlyList<ResourceWrite> writes)
    {
        CommitArguments.Check(writes);
        lock (_gate)
        {
            // Microsoft.Data.Sqlite begins with BEGIN IMMEDIATE: the write lock is held from the first version check on.
            using var transaction = _connection.BeginTransaction();
            long sequence = 0;
            foreach (var write in writes)
            {
                var (stored, live) = Versions(write.Key, transaction);
                // Disposing the transaction without Commit rolls back the writes already made: all or nothing.
                if (live != write.ExpectedVersion) throw new VersionConflictException(write.Key, write.ExpectedVersion, live);
                sequence = Write(write.Key, stored + 1, write.Document, transaction);
            }
            transaction.Commit();
            // Compacts when this commit crossed a multiple of the interval.
            if (sequence / IVersionedStore.CompactionInterval != (sequence - writes.Count) / IVersionedStore.CompactionInterval)
                Compact();
            return sequence;
        }
    }

    public long CompactChanges()
    {
        lock (_gate) return Compact();
    }

    // Under the gate. A change is superseded when its key's stored version (live or deleted) is newer: one primary-key
    // lookup per change row.
    private long Compact()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            DELETE FROM changes WHERE seq IN (
                SELECT c.seq FROM changes c JOIN resources r
                    ON r.kind = c.kind AND r.account = c.account AND r.region = c.region AND r.name = c.name
                WHERE c.version < r.version)
            """;
        return command.ExecuteNonQuery();
    }

    public IReadOnlyList<ResourceChange> ReadChanges(long afterSequence, int max)
    {
        CommitArguments.CheckRead(afterSequence, max);
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = """
                SELECT seq, kind, account, region, name, version, document FROM changes
                WHERE seq > $after ORDER BY seq LIMIT $max
                """;
            command.Parameters.AddWithValue("$after", afterSequence);
            command.Parameters.AddWithValue("$max", max);
            using var reader = command.ExecuteReader();
            return ResourceChange.ReadAll(reader);
        }
    }

    public long LastSequence
    {
        get
        {
            lock (_gate) return ReadLastSequence(null);
        }
    }

    public long Clear()
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            // The change rows first (they read the versions before the update), in key order, one per live resource.
            Execute("""
                INSERT INTO changes (kind, account, region, name, version, document)
                SELECT kind, account, region, name, version + 1, NULL FROM resources
                WHERE document IS NOT NULL ORDER BY kind, account, region, name;
                UPDATE resources SET version = version + 1, document = NULL WHERE document IS NOT NULL;
                """, transaction);
            var sequence = ReadLastSequence(transaction);
            transaction.Commit();
            Compact();
            return sequence;
        }
    }

    private (long Stored, long Live) Versions(ResourceKey key, SqliteTransaction transaction)
    {
        using var command = Command("""
            SELECT version, document IS NOT NULL FROM resources
            WHERE kind = $kind AND account = $account AND region = $region AND name = $name
            """, key);
        command.Transaction = transaction;
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return (0, 0);
        var version = reader.GetInt64(0);
        return (version, reader.GetBoolean(1) ? version : 0);
    }

    private long Write(ResourceKey key, long version, string? document, SqliteTransaction transaction)
    {
        using var command = Command("""
            INSERT INTO resources (kind, account, region, name, version, document)
            VALUES ($kind, $account, $region, $name, $version, $document)
            ON CONFLICT (kind, account, region, name) DO UPDATE SET version = excluded.version, document = excluded.document;
            INSERT INTO changes (kind, account, region, name, version, document)
            VALUES ($kind, $account, $region, $name, $version, $document);
            SELECT last_insert_rowid();
            """, key);
        command.Transaction = transaction;
        command.Parameters.AddWithValue("$version", version);
        command.Parameters.AddWithValue("$document", (object?)document ?? DBNull.Value);
        return (long)command.ExecuteScalar()!;
    }

    private long ReadLastSequence(SqliteTransaction? transaction)
    {
        // sqlite_sequence keeps the highest sequence ever handed out, even if the change log is trimmed one day.
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'changes'), 0)";
        return (long)command.ExecuteScalar()!;
    }

    private SqliteCommand Command(string sql, ResourceKey key)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$kind", key.Kind);
        command.Parameters.AddWithValue("$account", key.Account);
        command.Parameters.AddWithValue("$region", key.Region);
        command.Parameters.AddWithValue("$name", key.Name);
        return command;
    }

    private void Execute(string sql, SqliteTransaction? transaction = null)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        lock (_gate) _connection.Dispose();
    }
}
