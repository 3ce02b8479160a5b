using Npgsql;
using Switchyard.Storage.Postgres;
using Xunit;

namespace Switchyard.Tests.Storage.Postgres;

public class SchemaMigrationsTests
{
    private static readonly SchemaMigration[] TwoSteps =
    [
        new(1, "first", "CREATE TABLE step_one (id integer PRIMARY KEY)"),
        new(2, "second", "ALTER TABLE step_one ADD COLUMN note text"),
    ];

    [Fact]
    public void Applies_each_script_once_in_order()
    {
        var connection = PostgresTestServer.CreateDatabase();
        using (var first = PostgresDatabase.Open(connection, TwoSteps[..1]))
            Assert.Equal(1, SchemaMigrations.CurrentVersion(first.DataSource));
        using var database = PostgresDatabase.Open(connection, TwoSteps);
        Assert.Equal(2, SchemaMigrations.CurrentVersion(database.DataSource));
        Assert.Equal(0, SchemaMigrations.Apply(database.DataSource, TwoSteps));
        using var insert = database.DataSource.CreateCommand("INSERT INTO step_one (id, note) VALUES (1, 'both steps ran')");
        Assert.Equal(1, insert.ExecuteNonQuery());
    }

    [Fact]
    public void Nodes_starting_together_apply_each_script_once()
    {
        var connection = PostgresTestServer.CreateDatabase();
        var applied = new int[4];
        Parallel.For(0, applied.Length, i =>
        {
            using var dataSource = NpgsqlDataSource.Create(connection);
            applied[i] = SchemaMigrations.Apply(dataSource, TwoSteps);
        });
        Assert.Equal(2, applied.Sum());
    }

    [Fact]
    public void A_schema_newer_than_this_build_is_refused_with_the_versions()
    {
        var connection = PostgresTestServer.CreateDatabase();
        PostgresDatabase.Open(connection, TwoSteps).Dispose();
        var error = Assert.Throws<SchemaTooNewException>(() => PostgresDatabase.Open(connection, TwoSteps[..1]));
        Assert.Contains("version 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("(1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_script_leaves_no_trace_and_fails_the_start()
    {
        var connection = PostgresTestServer.CreateDatabase();
        SchemaMigration[] broken = [TwoSteps[0], new(2, "broken", "ALTER TABLE no_such_table ADD COLUMN x text")];
        Assert.Throws<PostgresException>(() => PostgresDatabase.Open(connection, broken));
        using var database = PostgresDatabase.Open(connection, TwoSteps[..1]);
        Assert.Equal(1, SchemaMigrations.CurrentVersion(database.DataSource));
    }

    [Fact]
    public void The_embedded_scripts_have_distinct_versions_in_order()
    {
        var embedded = SchemaMigrations.Embedded();
        Assert.Equal(embedded.OrderBy(m => m.Version).Select(m => m.Version), embedded.Select(m => m.Version));
        Assert.Equal(embedded.Count, embedded.Select(m => m.Version).Distinct().Count());
    }
}
