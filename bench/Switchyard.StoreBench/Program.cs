using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Switchyard.Storage.Catalog;
using Switchyard.Storage.Postgres;
using Switchyard.Storage.Versioned;

// The control plane's store on PostgreSQL (issue 9): commit latency of the versioned store (one write per commit, one
// client; SQLite alongside for comparison) and how long another node's pump takes to apply a commit, woken by NOTIFY
// or by its 500 ms poll alone.
//   dotnet run -c Release --project bench/Switchyard.StoreBench -- "Host=127.0.0.1;Port=...;Username=...;Database=postgres" [commits]
// (scripts/postgres start prints such a connection string.) Creates and drops a database of its own.
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: Switchyard.StoreBench CONNECTION-STRING [commits]");
    return 2;
}
var commits = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000;
var server = new NpgsqlConnectionStringBuilder(args[0]) { Pooling = false };
var name = $"sy_bench_{Environment.ProcessId}";
Admin($"DROP DATABASE IF EXISTS {name}");
Admin($"CREATE DATABASE {name}");
var connection = new NpgsqlConnectionStringBuilder(args[0]) { Database = name }.ConnectionString;
Console.WriteLine($"{Environment.ProcessorCount} cores; PostgreSQL {Scalar("SHOW server_version")}, fsync {Scalar("SHOW fsync")}, synchronous_commit {Scalar("SHOW synchronous_commit")}");
try
{
    using (var one = PostgresDatabase.Open(connection))
        Report("PostgreSQL commit", CommitLatencies(new PostgresVersionedStore(one.DataSource), commits));
    var directory = Directory.CreateTempSubdirectory("switchyard-storebench-").FullName;
    using (var sqlite = new SqliteVersionedStore(Path.Combine(directory, "switchyard.db")))
        Report("SQLite commit (synchronous=FULL)", CommitLatencies(sqlite, commits));
    Directory.Delete(directory, recursive: true);

    foreach (var notify in new[] { true, false })
    {
        using var writerDatabase = PostgresDatabase.Open(connection);
        using var readerDatabase = PostgresDatabase.Open(connection);
        var writer = new PostgresVersionedStore(writerDatabase.DataSource);
        using var pump = new ChangeFeedPump(new PostgresVersionedStore(readerDatabase.DataSource), ChangeFeedPump.SharedDatabasePollInterval);
        pump.Start();
        using var listener = notify ? new PostgresChangeListener(readerDatabase, pump, NullLogger<PostgresChangeListener>.Instance) : null;
        while (listener is not null && listener.BackendProcessId == 0) Thread.Sleep(10);
        var samples = new List<double>();
        var rounds = notify ? 200 : 40;
        for (var i = 0; i < rounds; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var sequence = writer.Commit([new ResourceWrite(new ResourceKey("rule", "111111111111", "us-east-1", $"feed-{notify}-{i}"), 0, "{}")]);
            while (pump.AppliedSequence < sequence) Thread.SpinWait(50);
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            // Commits spread over the poll period, as real changes are.
            Thread.Sleep(Random.Shared.Next(5, 60));
        }
        Report(notify ? "propagation to another node, NOTIFY + 500 ms poll" : "propagation to another node, 500 ms poll only", samples);
    }
}
finally
{
    NpgsqlConnection.ClearAllPools();
    Admin($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
}
return 0;

static List<double> CommitLatencies(IVersionedStore store, int commits)
{
    var samples = new List<double>(commits);
    for (var i = 0; i < commits + 50; i++)
    {
        var started = Stopwatch.GetTimestamp();
        store.Commit([new ResourceWrite(new ResourceKey("bus", "111111111111", "us-east-1", $"b{i}"), 0, "{\"formatVersion\":1}")]);
        if (i >= 50) samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds); // the first 50 warm up
    }
    return samples;
}

static void Report(string what, List<double> samples)
{
    samples.Sort();
    double At(double q) => samples[Math.Min(samples.Count - 1, (int)(q * samples.Count))];
    Console.WriteLine($"{what}: n={samples.Count} p50={At(0.5):F2} ms p99={At(0.99):F2} ms max={samples[^1]:F2} ms");
}

void Admin(string sql)
{
    using var admin = new NpgsqlConnection(server.ConnectionString);
    admin.Open();
    using var command = new NpgsqlCommand(sql, admin);
    command.ExecuteNonQuery();
}

string Scalar(string sql)
{
    using var admin = new NpgsqlConnection(server.ConnectionString);
    admin.Open();
    using var command = new NpgsqlCommand(sql, admin);
    return command.ExecuteScalar()!.ToString()!;
}
