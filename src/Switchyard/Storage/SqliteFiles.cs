using Microsoft.Data.Sqlite;

namespace Switchyard.Storage;

/// <summary>How every SQLite file of the server is opened: created if missing, WAL journal, unpooled (so disposing the
/// connection closes the file and a restart in the same process opens it afresh).</summary>
internal static class SqliteFiles
{
    /// <param name="synchronous">FULL for state (a committed change survives a machine crash); the journal may choose.</param>
    /// <param name="busyTimeout">How long a statement waits for another connection's write lock before failing;
    /// only stores that several connections share need one.</param>
    public static SqliteConnection OpenWal(string path, string synchronous = "FULL", TimeSpan? busyTimeout = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        connection.Open();
        try
        {
            if (busyTimeout is { } timeout) Execute(connection, $"PRAGMA busy_timeout={(long)timeout.TotalMilliseconds};");
            Execute(connection, "PRAGMA journal_mode=WAL;");
            Execute(connection, $"PRAGMA synchronous={synchronous};");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
