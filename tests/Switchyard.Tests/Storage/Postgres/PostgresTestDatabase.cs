using Switchyard.Storage.Postgres;

namespace Switchyard.Tests.Storage.Postgres;

/// <summary>A fresh database on the test server on which each <see cref="OpenNode"/> opens another
/// <see cref="PostgresDatabase"/> (its own connection pool: another node). Disposes what it opened.</summary>
public sealed class PostgresTestDatabase : IDisposable
{
    private readonly List<PostgresDatabase> _opened = [];

    public string ConnectionString { get; } = PostgresTestServer.CreateDatabase();

    public PostgresDatabase OpenNode()
    {
        var database = PostgresDatabase.Open(ConnectionString);
        lock (_opened) _opened.Add(database);
        return database;
    }

    public void Dispose()
    {
        lock (_opened)
        {
            foreach (var database in _opened) database.Dispose();
            _opened.Clear();
        }
    }
}
