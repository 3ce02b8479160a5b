using System.Diagnostics;
using Npgsql;

namespace Switchyard.Tests.Storage.Postgres;

/// <summary>
/// The PostgreSQL server the tests use: the one in SWITCHYARD_TEST_POSTGRES (scripts/test starts one and sets it), or
/// else a throwaway one this test process starts with <c>scripts/postgres start</c> and removes when it exits. Every
/// test gets a database of its own from <see cref="CreateDatabase"/>, so tests run in parallel without seeing each other.
/// </summary>
public static class PostgresTestServer
{
    private static readonly Lazy<string> Server = new(StartOrFind, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A connection string to a new, empty database on the test server.</summary>
    public static string CreateDatabase()
    {
        var admin = new NpgsqlConnectionStringBuilder(Server.Value) { Pooling = false };
        var name = $"sy_test_{Guid.NewGuid():N}"[..24];
        using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            create.ExecuteNonQuery();
        }
        return new NpgsqlConnectionStringBuilder(Server.Value) { Database = name }.ConnectionString;
    }

    private static string StartOrFind()
    {
        if (Environment.GetEnvironmentVariable("SWITCHYARD_TEST_POSTGRES") is { Length: > 0 } given) return given;
        var script = Path.Combine(RepositoryRoot(), "scripts", "postgres");
        var start = Run(script, "start --no-fsync");
        string? directory = null, connection = null;
        foreach (var line in start.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("SWITCHYARD_PG_DIR=", StringComparison.Ordinal)) directory = line["SWITCHYARD_PG_DIR=".Length..];
            if (line.StartsWith("SWITCHYARD_TEST_POSTGRES=", StringComparison.Ordinal)) connection = line["SWITCHYARD_TEST_POSTGRES=".Length..].Trim('\'');
        }
        if (directory is null || connection is null) throw new InvalidOperationException($"scripts/postgres start printed no server: {start}");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Run(script, $"stop {directory}");
        return connection;
    }

    private static string Run(string script, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", $"{script} {arguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"scripts/postgres {arguments} failed ({process.ExitCode}): {error}");
        return output;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "scripts", "postgres"))) return directory.FullName;
        throw new InvalidOperationException("scripts/postgres not found above " + AppContext.BaseDirectory);
    }
}
