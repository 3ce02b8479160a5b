using Npgsql;
using NpgsqlTypes;
using Switchyard.Storage.Leases;

namespace Switchyard.Storage.Postgres;

/// <summary>
/// Leases in the <c>leases</c> table of the database every node shares. Expiry is judged by the database's clock
/// (<c>now()</c>), so the nodes' clocks may disagree without two holders at once. Nothing is released at open, unlike
/// the SQLite store: a lease found then may be a live node's. Each operation is one statement, atomic on its row.
/// </summary>
public sealed class PostgresLeaseStore : ILeaseStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider? _time;

    /// <param name="time">Null (the server): the database's clock. The lease contract tests pass a clock they move.</param>
    public PostgresLeaseStore(NpgsqlDataSource dataSource, TimeProvider? time = null)
    {
        _dataSource = dataSource;
        _time = time;
    }

    // $4: the caller's clock in unix milliseconds, or NULL for the database's.
    private const string Now = "coalesce(to_timestamp($4::bigint / 1000.0), now())";

    public bool TryAcquire(string name, string holder, TimeSpan duration) => Run($"""
        INSERT INTO leases AS l (name, holder, expires_at) VALUES ($1, $2, {Now} + $3 * interval '1 millisecond')
        ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
        WHERE l.holder = excluded.holder OR l.expires_at <= {Now}
        RETURNING 1
        """, name, holder, duration);

    public bool Renew(string name, string holder, TimeSpan duration) => Run($"""
        UPDATE leases SET expires_at = {Now} + $3 * interval '1 millisecond' WHERE name = $1 AND holder = $2 RETURNING 1
        """, name, holder, duration);

    public void Release(string name, string holder)
    {
        using var command = _dataSource.CreateCommand("DELETE FROM leases WHERE name = $1 AND holder = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = name, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = holder, NpgsqlDbType = NpgsqlDbType.Text });
        command.ExecuteNonQuery();
    }

    public string? HolderOf(string name)
    {
        using var command = _dataSource.CreateCommand($"SELECT holder FROM leases WHERE name = $1 AND expires_at > {Now.Replace("$4", "$2", StringComparison.Ordinal)}");
        command.Parameters.Add(new NpgsqlParameter { Value = name, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(ClockParameter());
        return command.ExecuteScalar() as string;
    }

    private bool Run(string sql, string name, string holder, TimeSpan duration)
    {
        using var command = _dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = name, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = holder, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (long)duration.TotalMilliseconds, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(ClockParameter());
        using var reader = command.ExecuteReader();
        return reader.Read();
    }

    private NpgsqlParameter ClockParameter() => new()
    {
        Value = _time is null ? DBNull.Value : _time.GetUtcNow().ToUnixTimeMilliseconds(),
        NpgsqlDbType = NpgsqlDbType.Bigint,
    };

    /// <summary>The data source belongs to the process's <see cref="PostgresDatabase"/>.</summary>
    public void Dispose()
    {
    }
}
