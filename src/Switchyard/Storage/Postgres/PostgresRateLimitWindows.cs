using Npgsql;

namespace Switchyard.Storage.Postgres;

/// <summary>Tokens a node took from a shared one-second window: <see cref="Granted"/> calls may go out until the
/// window ends, <see cref="SecondsLeft"/> after the database read its clock.</summary>
public readonly record struct RateLimitGrant(int Granted, long WindowSecond, double SecondsLeft);

/// <summary>
/// Per-second call budgets shared by every node on one database (table <c>switchyard_rate_limit_windows</c>, migration
/// 0005). A window is a second of the database's clock, so nodes whose clocks differ still count into the same one. A
/// take is one statement: it adds the tokens to the window's count only if the count stays within the limit, so nodes
/// taking at once can never together pass it (the row lock of ON CONFLICT DO UPDATE serializes them).
/// </summary>
public sealed class PostgresRateLimitWindows(PostgresDatabase database)
{
    private const string TakeSql = """
        WITH clock AS (SELECT extract(epoch FROM clock_timestamp()) AS at),
        slot AS (SELECT floor(at)::bigint AS second, at FROM clock),
        taken AS (
            INSERT INTO switchyard_rate_limit_windows AS w (limiter, window_second, used)
            SELECT $1, second, $2 FROM slot
            ON CONFLICT (limiter, window_second) DO UPDATE SET used = w.used + excluded.used
            WHERE w.used + excluded.used <= $3
            RETURNING used)
        SELECT (SELECT count(*) FROM taken)::int, second, (second + 1 - at)::float8 FROM slot
        """;

    /// <summary>
    /// Takes <paramref name="wanted"/> tokens (1 ≤ wanted ≤ limit) from the current window of <paramref name="limiter"/>,
    /// all or none: <see cref="RateLimitGrant.Granted"/> is <paramref name="wanted"/> or 0.
    /// </summary>
    public async Task<RateLimitGrant> TakeAsync(string limiter, int wanted, int limit, CancellationToken cancellation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(wanted, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(wanted, limit);
        await using var command = database.DataSource.CreateCommand(TakeSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = limiter });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = wanted });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellation).ConfigureAwait(false);
        await reader.ReadAsync(cancellation).ConfigureAwait(false);
        var granted = reader.GetInt32(0) > 0 ? wanted : 0;
        return new RateLimitGrant(granted, reader.GetInt64(1), reader.GetDouble(2));
    }

    /// <summary>Deletes the limiter's windows more than a minute old (a window matters only during its second).</summary>
    public async Task PruneAsync(string limiter, CancellationToken cancellation)
    {
        await using var command = database.DataSource.CreateCommand("""
            DELETE FROM switchyard_rate_limit_windows
            WHERE limiter = $1 AND window_second < floor(extract(epoch FROM clock_timestamp()))::bigint - 60
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = limiter });
        await command.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
    }
}
