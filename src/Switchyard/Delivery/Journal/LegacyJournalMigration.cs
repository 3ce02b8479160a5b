using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Switchyard.Delivery.Journal;

/// <summary>
/// Brings a journal written before the event log and work queue (tables <c>deliveries</c>, each row carrying its
/// event, and <c>events</c>, the events without deliveries) into the current tables, in one transaction at open, so
/// the pending deliveries of an existing data directory are kept. Old deliveries had no stored attempts: they start
/// at zero, due now, unleased. An old delivery's event becomes one log entry shared by the deliveries of that event
/// (they were appended one after another), and log ids follow the old delivery order, as the trim relies on.
/// </summary>
internal static class LegacyJournalMigration
{
    public static void Run(SqliteConnection connection, ILogger logger)
    {
        var hasEvents = TableExists(connection, "events");
        var hasDeliveries = TableExists(connection, "deliveries");
        if (!hasEvents && !hasDeliveries) return;
        using var transaction = connection.BeginTransaction();
        var events = 0L;
        if (hasEvents)
        {
            events = Execute(connection, transaction, """
                INSERT INTO event_log (event_id, bus_account, bus_region, bus_name, envelope, ingested_at, hop)
                SELECT event_id, bus_account, bus_region, bus_name, envelope, ingested_at, hop FROM events ORDER BY rowid
                """);
            Execute(connection, transaction, "DROP TABLE events");
        }
        var deliveries = 0L;
        if (hasDeliveries)
        {
            deliveries = MoveDeliveries(connection, transaction);
            Execute(connection, transaction, "DROP TABLE deliveries");
        }
        transaction.Commit();
        logger.LogInformation("journal migrated to the event log and work queue: {Deliveries} pending deliveries, {Events} events without deliveries",
            deliveries, events);
    }

    private static long MoveDeliveries(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = """
            SELECT event_id, bus_account, bus_region, bus_name, envelope, ingested_at, hop,
                   rule_account, rule_region, rule_bus, rule_name, target_id
            FROM deliveries ORDER BY id
            """;
        using var insertEvent = connection.CreateCommand();
        insertEvent.Transaction = transaction;
        insertEvent.CommandText = """
            INSERT INTO event_log (event_id, bus_account, bus_region, bus_name, envelope, ingested_at, hop)
            VALUES ($event_id, $bus_account, $bus_region, $bus_name, $envelope, $ingested_at, $hop) RETURNING id
            """;
        string[] eventColumns = ["$event_id", "$bus_account", "$bus_region", "$bus_name", "$envelope", "$ingested_at", "$hop"];
        foreach (var name in eventColumns) insertEvent.Parameters.Add(new SqliteParameter { ParameterName = name });
        using var insertDelivery = connection.CreateCommand();
        insertDelivery.Transaction = transaction;
        insertDelivery.CommandText = """
            INSERT INTO delivery_queue (event_ref, rule_account, rule_region, rule_bus, rule_name, target_id, next_attempt_at, lease_owner, lease_expires_at)
            VALUES ($event_ref, $rule_account, $rule_region, $rule_bus, $rule_name, $target_id, 0, NULL, 0)
            """;
        string[] deliveryColumns = ["$event_ref", "$rule_account", "$rule_region", "$rule_bus", "$rule_name", "$target_id"];
        foreach (var name in deliveryColumns) insertDelivery.Parameters.Add(new SqliteParameter { ParameterName = name });

        var moved = 0L;
        var eventRef = 0L;
        string? previousKey = null;
        using var reader = read.ExecuteReader();
        while (reader.Read())
        {
            // The same event id on another bus (a bus-to-bus hop) is another log entry.
            var key = string.Join('\n', reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(6));
            if (key != previousKey)
            {
                for (var i = 0; i < eventColumns.Length; i++) insertEvent.Parameters[i].Value = reader.GetValue(i);
                eventRef = (long)insertEvent.ExecuteScalar()!;
                previousKey = key;
            }
            insertDelivery.Parameters[0].Value = eventRef;
            for (var i = 1; i < deliveryColumns.Length; i++) insertDelivery.Parameters[i].Value = reader.GetString(6 + i);
            insertDelivery.ExecuteNonQuery();
            moved++;
        }
        return moved;
    }

    private static bool TableExists(SqliteConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $name";
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteScalar() is not null;
    }

    private static long Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }
}
