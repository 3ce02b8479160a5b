using Npgsql;
using NpgsqlTypes;
using Switchyard.Storage.Versioned;

namespace Switchyard.Storage.Postgres;

/// <summary>
/// The versioned store on a PostgreSQL database several nodes share (tables of <c>Migrations/0001_resources.sql</c>).
/// Every commit first takes the one row of <c>resource_sequence</c> FOR UPDATE: commits of all nodes run one at a time,
/// so their version checks cannot interleave (the compare-and-swap), a commit's changes get consecutive numbers, and
/// commits become visible in sequence order (a reader never sees N+1 before N). Control-plane writes are rare; the
/// serialization costs nothing that matters. Each commit sends one <c>pg_notify</c> on <see cref="NotificationChannel"/>
/// with its last sequence (never one per change): the wake-up of the other nodes' change-feed pumps.
/// </summary>
public sealed class PostgresVersionedStore(NpgsqlDataSource dataSource) : IVersionedStore
{
    /// <summary>The LISTEN/NOTIFY channel; the payload is the commit's last sequence number as decimal text.</summary>
    public const string NotificationChannel = "switchyard_resource_changes";

    // The primary key (kind, account, region, name), "C" collation: a range of the index, already in code point order.
    internal const string ListSql = """
        SELECT name, version, document FROM resources
        WHERE kind = $1 AND account = $2 AND region = $3 AND document IS NOT NULL
        ORDER BY name
        """;

    public StoredResource? Get(ResourceKey key)
    {
        CommitArguments.CheckKey(key);
        using var command = dataSource.CreateCommand("""
            SELECT version, document FROM resources
            WHERE kind = $1 AND account = $2 AND region = $3 AND name = $4 AND document IS NOT NULL
            """);
        AddKey(command.Parameters, key);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new StoredResource(key, reader.GetInt64(0), reader.GetString(1)) : null;
    }

    public IReadOnlyList<StoredResource> List(string kind, string account, string region)
    {
        CommitArguments.CheckScope(kind, account, region);
        using var command = dataSource.CreateCommand(ListSql);
        command.Parameters.Add(Text(kind));
        command.Parameters.Add(Text(account));
        command.Parameters.Add(Text(region));
        using var reader = command.ExecuteReader();
        var result = new List<StoredResource>();
        while (reader.Read())
            result.Add(new StoredResource(new ResourceKey(kind, account, region, reader.GetString(0)), reader.GetInt64(1), reader.GetString(2)));
        return result;
    }

    public long Commit(IReadOnlyList<ResourceWrite> writes)
    {
        CommitArguments.Check(writes);
        var count = writes.Count;
        string[] kinds = new string[count], accounts = new string[count], regions = new string[count], names = new string[count];
        var documents = new string?[count];
        for (var i = 0; i < count; i++)
        {
            var key = writes[i].Key;
            (kinds[i], accounts[i], regions[i], names[i], documents[i]) = (key.Kind, key.Account, key.Region, key.Name, writes[i].Document);
        }

        using var connection = dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        // One round trip: the commit lock (held to the end of the transaction), then every key's stored version.
        using var read = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("SELECT last_seq FROM resource_sequence FOR UPDATE"),
                Parameterized("""
                    SELECT w.i, r.version, r.document IS NOT NULL
                    FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS w(kind, account, region, name, i)
                    JOIN resources r ON r.kind = w.kind AND r.account = w.account AND r.region = w.region AND r.name = w.name
                    """, TextArray(kinds), TextArray(accounts), TextArray(regions), TextArray(names)),
            },
        };
        long last;
        var stored = new long[count];
        var live = new long[count];
        using (var reader = read.ExecuteReader())
        {
            reader.Read();
            last = reader.GetInt64(0);
            reader.NextResult();
            while (reader.Read())
            {
                var i = (int)reader.GetInt64(0) - 1;
                stored[i] = reader.GetInt64(1);
                live[i] = reader.GetBoolean(2) ? stored[i] : 0;
            }
        }
        for (var i = 0; i < count; i++)
            if (live[i] != writes[i].ExpectedVersion) throw new VersionConflictException(writes[i].Key, writes[i].ExpectedVersion, live[i]);

        var versions = new long[count];
        var sequences = new long[count];
        for (var i = 0; i < count; i++)
        {
            versions[i] = stored[i] + 1;
            sequences[i] = last + 1 + i;
        }
        var sequence = last + count;
        using var write = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                Parameterized("""
                    WITH w AS (
                        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::bigint[])
                            AS w(kind, account, region, name, version, document, seq)),
                    upserted AS (
                        INSERT INTO resources (kind, account, region, name, version, document)
                        SELECT kind, account, region, name, version, document FROM w
                        ON CONFLICT (kind, account, region, name) DO UPDATE SET version = excluded.version, document = excluded.document)
                    INSERT INTO resource_changes (seq, kind, account, region, name, version, document)
                    SELECT seq, kind, account, region, name, version, document FROM w
                    """, TextArray(kinds), TextArray(accounts), TextArray(regions), TextArray(names),
                    new NpgsqlParameter { Value = versions, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint },
                    TextArray(documents),
                    new NpgsqlParameter { Value = sequences, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint }),
                Parameterized("UPDATE resource_sequence SET last_seq = $1", Bigint(sequence)),
                Notify(sequence),
            },
        };
        write.ExecuteNonQuery();
        transaction.Commit();
        // Compacts when this commit crossed a multiple of the interval.
        if (sequence / IVersionedStore.CompactionInterval != last / IVersionedStore.CompactionInterval) CompactChanges();
        return sequence;
    }

    /// <summary>A change is superseded when its key's stored version (live or deleted) is newer. Needs no commit lock:
    /// it removes only rows a committed newer version already supersedes.</summary>
    public long CompactChanges()
    {
        using var command = dataSource.CreateCommand("""
            DELETE FROM resource_changes c USING resources r
            WHERE r.kind = c.kind AND r.account = c.account AND r.region = c.region AND r.name = c.name AND c.version < r.version
            """);
        return command.ExecuteNonQuery();
    }

    public IReadOnlyList<ResourceChange> ReadChanges(long afterSequence, int max)
    {
        CommitArguments.CheckRead(afterSequence, max);
        using var command = dataSource.CreateCommand("""
            SELECT seq, kind, account, region, name, version, document FROM resource_changes
            WHERE seq > $1 ORDER BY seq LIMIT $2
            """);
        command.Parameters.Add(Bigint(afterSequence));
        command.Parameters.Add(new NpgsqlParameter { Value = max });
        using var reader = command.ExecuteReader();
        return ResourceChange.ReadAll(reader);
    }

    public long LastSequence
    {
        get
        {
            using var command = dataSource.CreateCommand("SELECT last_seq FROM resource_sequence");
            return (long)command.ExecuteScalar()!;
        }
    }

    public long Clear()
    {
        long sequence;
        using (var connection = dataSource.OpenConnection())
        using (var transaction = connection.BeginTransaction())
        {
            long last;
            using (var lockCounter = new NpgsqlCommand("SELECT last_seq FROM resource_sequence FOR UPDATE", connection, transaction))
                last = (long)lockCounter.ExecuteScalar()!;
            // The change rows first (they read the versions before the update), in key order, one per live resource.
            long deleted;
            using (var changes = new NpgsqlCommand("""
                INSERT INTO resource_changes (seq, kind, account, region, name, version, document)
                SELECT $1 + row_number() OVER (ORDER BY kind, account, region, name), kind, account, region, name, version + 1, NULL
                FROM resources WHERE document IS NOT NULL
                """, connection, transaction))
            {
                changes.Parameters.Add(Bigint(last));
                deleted = changes.ExecuteNonQuery();
            }
            sequence = last + deleted;
            if (deleted > 0)
            {
                using var finish = new NpgsqlBatch(connection, transaction)
                {
                    BatchCommands =
                    {
                        new NpgsqlBatchCommand("UPDATE resources SET version = version + 1, document = NULL WHERE document IS NOT NULL"),
                        Parameterized("UPDATE resource_sequence SET last_seq = $1", Bigint(sequence)),
                        Notify(sequence),
                    },
                };
                finish.ExecuteNonQuery();
            }
            transaction.Commit();
        }
        CompactChanges();
        return sequence;
    }

    private static NpgsqlBatchCommand Notify(long sequence) =>
        Parameterized($"SELECT pg_notify('{NotificationChannel}', $1)",
            Text(sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static NpgsqlBatchCommand Parameterized(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private static void AddKey(NpgsqlParameterCollection parameters, ResourceKey key)
    {
        parameters.Add(Text(key.Kind));
        parameters.Add(Text(key.Account));
        parameters.Add(Text(key.Region));
        parameters.Add(Text(key.Name));
    }

    private static NpgsqlParameter Text(string value) => new() { Value = value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Bigint(long value) => new() { Value = value, NpgsqlDbType = NpgsqlDbType.Bigint };

    private static NpgsqlParameter TextArray(string?[] values) =>
        new() { Value = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    /// <summary>The data source is the process's <see cref="PostgresDatabase"/>'s, which other stores share; its owner
    /// disposes it.</summary>
    public void Dispose()
    {
    }
}
