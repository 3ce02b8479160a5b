using Npgsql;

namespace Switchyard.Storage.Postgres;

/// <summary>
/// The PostgreSQL database a node (or a cluster of nodes) keeps its state in: one pooled <see cref="NpgsqlDataSource"/>
/// shared by every PostgreSQL-backed store of the process, opened with the schema migrated to this build's version.
/// </summary>
public sealed class PostgresDatabase : IDisposable
{
    public NpgsqlDataSource DataSource { get; }

    /// <summary>The connection string as given, for the components that need a dedicated connection (LISTEN).</summary>
    public string ConnectionString { get; }

    private PostgresDatabase(NpgsqlDataSource dataSource, string connectionString)
    {
        DataSource = dataSource;
        ConnectionString = connectionString;
    }

    /// <summary>Connects, creates or migrates the schema (<see cref="SchemaMigrations"/>) and returns the database.</summary>
    /// <exception cref="SchemaTooNewException">A newer Switchyard migrated the database.</exception>
    public static PostgresDatabase Open(string connectionString, IReadOnlyList<SchemaMigration>? migrations = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // Identifies the node's connections in pg_stat_activity unless the operator named them.
        if (string.IsNullOrEmpty(builder.ApplicationName)) builder.ApplicationName = "switchyard";
        var dataSource = new NpgsqlSlimDataSourceBuilder(builder.ConnectionString).EnableArrays().Build();
        try
        {
            SchemaMigrations.Apply(dataSource, migrations ?? SchemaMigrations.Embedded());
            return new PostgresDatabase(dataSource, builder.ConnectionString);
        }
        catch
        {
            dataSource.Dispose();
            throw;
        }
    }

    public void Dispose() => DataSource.Dispose();
}
