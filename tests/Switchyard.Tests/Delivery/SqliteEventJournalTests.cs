using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Switchyard.Delivery.Journal;

namespace Switchyard.Tests.Delivery;

/// <summary>The journal contract on SQLite: <c>journal.db</c> in a temporary data directory.</summary>
public sealed class SqliteEventJournalTests : EventJournalContract
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"switchyard-journal-{Guid.NewGuid():N}");

    protected override IEventJournal Open(JournalSetup setup) =>
        new SqliteEventJournal(_directory, "FULL", NullLogger<SqliteEventJournal>.Instance, setup.Queue, setup.MemoryBacklog, setup.EventRetention,
            setup.Leasing, setup.Time);

    protected override long CountDeliveryRows(bool leased)
    {
        using var connection = OpenFile();
        using var query = connection.CreateCommand();
        query.CommandText = $"SELECT COUNT(*) FROM delivery_queue WHERE lease_owner IS {(leased ? "NOT NULL" : "NULL")}";
        return (long)query.ExecuteScalar()!;
    }

    protected override List<LoggedEvent> ReadEventLog()
    {
        using var connection = OpenFile();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT event_id, bus_account, bus_region, bus_name, envelope, hop FROM event_log ORDER BY id";
        using var reader = query.ExecuteReader();
        var events = new List<LoggedEvent>();
        while (reader.Read())
            events.Add(new LoggedEvent(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), (byte[])reader.GetValue(4), reader.GetInt64(5)));
        return events;
    }

    private SqliteConnection OpenFile()
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "journal.db")};Pooling=False");
        connection.Open();
        return connection;
    }

    public override void Dispose()
    {
        base.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
