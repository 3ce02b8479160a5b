using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;
using Switchyard.Storage.Catalog;

namespace Switchyard.Storage.Postgres;

/// <summary>
/// The wake-up of a node's change feed on a shared database: a dedicated connection LISTENs on
/// <see cref="PostgresVersionedStore.NotificationChannel"/> and hands each commit's notified sequence to the pump, so a
/// change made on another node is in this node's caches one round trip after its commit instead of at the next poll.
/// When the connection drops it says so (log, <see cref="ChangeFeedPump.ReportWakeups"/>), reconnects with a growing
/// pause, says when it is back, and catches up from the pump's last applied sequence (the notifications it missed are
/// gone; the feed is not). The pump's polling goes on meanwhile.
/// </summary>
public sealed class PostgresChangeListener : IDisposable
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(5);

    private readonly NpgsqlDataSource _dataSource;
    private readonly ChangeFeedPump _pump;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private volatile int _backendProcessId;
    private int _disposed;

    public PostgresChangeListener(PostgresDatabase database, ChangeFeedPump pump, ILogger<PostgresChangeListener> logger)
    {
        _pump = pump;
        _logger = logger;
        // Its own unpooled connection: a LISTEN must not go back to the pool, and the store's queries must not wait
        // behind it. Keepalives make a silently dead network show as an error within seconds.
        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false, KeepAlive = 5 };
        _dataSource = new NpgsqlSlimDataSourceBuilder(builder.ConnectionString).Build();
        _loop = Task.Run(() => RunAsync(_stopping.Token));
    }

    /// <summary>The server process id of the LISTEN connection while it is up (0 otherwise): tests end it on purpose.</summary>
    public int BackendProcessId => _backendProcessId;

    private async Task RunAsync(CancellationToken stopping)
    {
        var pause = FirstPause;
        var lost = false;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var connection = await _dataSource.OpenConnectionAsync(stopping).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    connection.Notification += (_, notification) =>
                    {
                        if (long.TryParse(notification.Payload, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)) _pump.Notified(sequence);
                    };
                    await using (var listen = new NpgsqlCommand($"LISTEN {PostgresVersionedStore.NotificationChannel}", connection))
                        await listen.ExecuteNonQueryAsync(stopping).ConfigureAwait(false);
                    _backendProcessId = connection.ProcessID;
                    _pump.ReportWakeups(true);
                    // Whatever was committed while nobody listened (or before the LISTEN began).
                    _pump.Refresh();
                    if (lost) _logger.LogInformation("the change-feed LISTEN connection is back; caught up to sequence {Sequence}", _pump.AppliedSequence);
                    lost = false;
                    pause = FirstPause;
                    while (true) await connection.WaitAsync(stopping).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                _backendProcessId = 0;
                _pump.ReportWakeups(false);
                if (!lost)
                    _logger.LogWarning(error, "the change-feed LISTEN connection to PostgreSQL is down; other nodes' changes arrive by polling until it reconnects");
                lost = true;
                try
                {
                    await Task.Delay(pause, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _stopping.Cancel();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
        _stopping.Dispose();
        _dataSource.Dispose();
    }
}
