using Microsoft.Data.Sqlite;
using Switchyard.Storage.Versioned;

namespace Switchyard.Tests.Storage.Versioned;

public sealed class SqliteVersionedStoreTests : SharedVersionedStoreContract
{
    private readonly string _directory = Directory.CreateTempSubdirectory("switchyard-versioned-").FullName;

    private string DatabasePath => Path.Combine(_directory, "state.db");

    protected override IVersionedStore OpenStore() => new SqliteVersionedStore(DatabasePath);

    [Fact]
    public void Lists_are_served_by_the_primary_key_index_without_a_sort()
    {
        Create(Store, Key("a"), "a");
        using var connection = OpenFileDirectly();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + SqliteVersionedStore.ListSql;
        command.Parameters.AddWithValue("$kind", "bus");
        command.Parameters.AddWithValue("$account", "111111111111");
        command.Parameters.AddWithValue("$region", "us-east-1");
        using var reader = command.ExecuteReader();
        var plan = new List<string>();
        while (reader.Read()) plan.Add(reader.GetString(3));
        Assert.Equal(["SEARCH resources USING PRIMARY KEY (kind=? AND account=? AND region=?)"], plan);
    }

    [Fact]
    public void The_database_file_is_in_wal_mode()
    {
        Create(Store, Key("a"), "a");
        using var connection = OpenFileDirectly();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string)command.ExecuteScalar()!);
    }

    private SqliteConnection OpenFileDirectly()
    {
        var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        return connection;
    }

    public override void Dispose()
    {
        base.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
