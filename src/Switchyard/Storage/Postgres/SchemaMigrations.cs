using System.Reflection;
using Npgsql;

namespace Switchyard.Storage.Postgres;

/// <summary>One step of the PostgreSQL schema: a script from <c>Storage/Postgres/Migrations/NNNN_name.sql</c>.</summary>
public sealed record SchemaMigration(int Version, string Name, string Sql);

/// <summary>The database's schema is newer than this build knows: a newer Switchyard migrated it.</summary>
public sealed class SchemaTooNewException(string message) : Exception(message);

/// <summary>
/// Creates and migrates the PostgreSQL schema at start-up from the versioned scripts kept in the repository (embedded in
/// the binary). Each script runs once, in version order, in its own transaction with its row in
/// <c>switchyard_schema_migrations</c>; an advisory lock makes nodes that start together take turns, so exactly one of
/// them applies a script. A database whose schema is newer than every script this build has is refused: an older node
/// must not write rows a newer schema gives another meaning to.
/// </summary>
public static class SchemaMigrations
{
    /// <summary>The advisory lock key nodes take while migrating (an arbitrary constant: "switchyd" in ASCII).</summary>
    private const long MigrationLock = 0x7377_6974_6368_7964;

    private const string ResourcePrefix = "Switchyard.Storage.Postgres.Migrations.";

    /// <summary>The scripts built into this binary, by version.</summary>
    public static IReadOnlyList<SchemaMigration> Embedded()
    {
        var assembly = typeof(SchemaMigrations).Assembly;
        var migrations = new List<SchemaMigration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal)) continue;
            var fileName = resource[ResourcePrefix.Length..^".sql".Length];
            var separator = fileName.IndexOf('_', StringComparison.Ordinal);
            if (separator <= 0 || !int.TryParse(fileName[..separator], out var version))
                throw new InvalidOperationException($"migration script {fileName}.sql is not named NNNN_name.sql");
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new SchemaMigration(version, fileName[(separator + 1)..], reader.ReadToEnd()));
        }
        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < migrations.Count; i++)
            if (migrations[i].Version == migrations[i - 1].Version)
                throw new InvalidOperationException($"two migration scripts have version {migrations[i].Version}");
        return migrations;
    }

    /// <summary>Applies the scripts the database has not seen; returns how many it applied.</summary>
    /// <exception cref="SchemaTooNewException">The database has a version newer than the newest script.</exception>
    public static int Apply(NpgsqlDataSource dataSource, IReadOnlyList<SchemaMigration> migrations)
    {
        using var connection = dataSource.OpenConnection();
        Execute(connection, $"SELECT pg_advisory_lock({MigrationLock})");
        try
        {
            Execute(connection, """
                CREATE TABLE IF NOT EXISTS switchyard_schema_migrations (
                    version integer PRIMARY KEY,
                    name text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """);
            var applied = new HashSet<int>();
            using (var read = new NpgsqlCommand("SELECT version FROM switchyard_schema_migrations", connection))
            using (var rows = read.ExecuteReader())
                while (rows.Read()) applied.Add(rows.GetInt32(0));
            var newestKnown = migrations.Count == 0 ? 0 : migrations[^1].Version;
            var newestApplied = applied.Count == 0 ? 0 : applied.Max();
            if (newestApplied > newestKnown)
                throw new SchemaTooNewException(
                    $"the PostgreSQL database's Switchyard schema is version {newestApplied}, newer than this build knows ({newestKnown}): "
                    + "a newer Switchyard has migrated it; run that version (or a newer one) against this database");
            var count = 0;
            foreach (var migration in migrations)
            {
                if (applied.Contains(migration.Version)) continue;
                using var transaction = connection.BeginTransaction();
                using (var script = new NpgsqlCommand(migration.Sql, connection, transaction)) script.ExecuteNonQuery();
                using (var record = new NpgsqlCommand("INSERT INTO switchyard_schema_migrations (version, name) VALUES ($1, $2)", connection, transaction))
                {
                    record.Parameters.Add(new NpgsqlParameter { Value = migration.Version });
                    record.Parameters.Add(new NpgsqlParameter { Value = migration.Name });
                    record.ExecuteNonQuery();
                }
                transaction.Commit();
                count++;
            }
            return count;
        }
        finally
        {
            Execute(connection, $"SELECT pg_advisory_unlock({MigrationLock})");
        }
    }

    /// <summary>The newest version the database has applied (0 for a new database).</summary>
    public static int CurrentVersion(NpgsqlDataSource dataSource)
    {
        using var command = dataSource.CreateCommand(
            "SELECT coalesce(max(version), 0) FROM switchyard_schema_migrations");
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
