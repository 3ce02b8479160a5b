using Microsoft.Data.Sqlite;

namespace Switchyard.Storage.Leases;

/// <summary>
/// Leases in a table of the control-plane database (<c>switchyard.db</c>, next to the versioned store), not in the
/// journal's file: a heartbeat there would queue for the write lock behind the journal's large group commits (or hold
/// one up), while the control-plane file sees only the occasional resource change. Each operation is one statement,
/// so SQLite's write lock makes the check and the change atomic across connections and processes.
/// </summary>
public sealed class SqliteLeaseStore : ILeaseStore
{
    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();

    /// <param name="releaseAtOpen">True when the caller holds the data directory's lock (the server): one process per
    /// SQLite data directory, so every lease found at open is a crashed predecessor's, released at once rather than
    /// left to expire (a restart after kill -9 would otherwise fire no schedule for a lease duration).</param>
    public SqliteLeaseStore(string databasePath, TimeProvider? time = null, bool releaseAtOpen = false)
    {
        _time = time ?? TimeProvider.System;
        _connection = SqliteFiles.OpenWal(databasePath, busyTimeout: TimeSpan.FromSeconds(30));
        using var create = _connection.CreateCommand();
        create.CommandText = """
            CREATE TABLE IF NOT EXISTS leases (
                name TEXT PRIMARY KEY,
                holder TEXT NOT NULL,
                expires_at INTEGER NOT NULL -- unix milliseconds
            );
            """;
        create.ExecuteNonQuery();
        if (!releaseAtOpen) return;
        create.CommandText = "DELETE FROM leases";
        create.ExecuteNonQuery();
    }

    public bool TryAcquire(string name, string holder, TimeSpan duration)
    {
        // Inserted if free; taken over only if it is this holder's already or has expired. RETURNING yields a row only
        // when the insert or the update happened.
        var now = Now();
        return Run("""
            INSERT INTO leases (name, holder, expires_at) VALUES ($name, $holder, $expires)
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE leases.holder = excluded.holder OR leases.expires_at <= $now
            RETURNING 1
            """, name, holder, now + (long)duration.TotalMilliseconds, now);
    }

    public bool Renew(string name, string holder, TimeSpan duration)
    {
        var now = Now();
        return Run("UPDATE leases SET expires_at = $expires WHERE name = $name AND holder = $holder RETURNING 1",
            name, holder, now + (long)duration.TotalMilliseconds, now);
    }

    public void Release(string name, string holder) =>
        Run("DELETE FROM leases WHERE name = $name AND holder = $holder RETURNING 1", name, holder, 0, Now());

    public string? HolderOf(string name)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT holder FROM leases WHERE name = $name AND expires_at > $now";
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.AddWithValue("$now", Now());
            return command.ExecuteScalar() as string;
        }
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private bool Run(string sql, string name, string holder, long expires, long now)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.AddWithValue("$holder", holder);
            command.Parameters.AddWithValue("$expires", expires);
            command.Parameters.AddWithValue("$now", now);
            using var reader = command.ExecuteReader();
            return reader.Read();
        }
    }

    public void Dispose() => _connection.Dispose();
}
