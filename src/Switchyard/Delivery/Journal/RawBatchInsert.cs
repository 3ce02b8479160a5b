using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Switchyard.Delivery.Journal;

/// <summary>
/// The journal's hot INSERT, written against SQLite's C API (SQLitePCL.raw) instead of through SqliteCommand.
/// Every accepted event is inserted, so this runs tens of thousands of times a second. Through Microsoft.Data.Sqlite
/// each row cost a reader, a statement enumerator, a binder per parameter and a by-name parameter lookup inside
/// SQLite (a quarter of all PutEvents allocations, and the reason multi-row VALUES lists were slower there). Here the
/// statements are prepared once, parameters are bound by position, and rows go in <see cref="RowsPerStatement"/> at a
/// time through one multi-row statement, the rest one by one. It runs inside the caller's transaction (same
/// connection), on the journal's single writer thread.
/// </summary>
internal sealed class RawBatchInsert : IDisposable
{
    public const int RowsPerStatement = 32;

    /// <summary>Binds one row's values; column indexes are 0-based in the column list given to the constructor.</summary>
    public delegate void RowBinder<in T>(Row row, T item);

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _single;
    private readonly sqlite3_stmt _batch;
    private readonly int _columns;

    public RawBatchInsert(SqliteConnection connection, string table, IReadOnlyList<string> columns)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("the journal connection is not open");
        _columns = columns.Count;
        _single = Prepare(Sql(table, columns, 1));
        _batch = Prepare(Sql(table, columns, RowsPerStatement));
    }

    /// <param name="assigned">Told each item's rowid as the database assigned it. The rows of one statement get
    /// consecutive rowids (the writer holds the write lock, and each new rowid is the largest so far plus one), so
    /// the last rowid of a statement gives all of them.</param>
    public void InsertAll<T>(List<T> items, RowBinder<T> bind, Action<T, long>? assigned = null)
    {
        var i = 0;
        for (; i + RowsPerStatement <= items.Count; i += RowsPerStatement)
        {
            for (var r = 0; r < RowsPerStatement; r++) bind(new Row(this, _batch, r * _columns), items[i + r]);
            Step(_batch);
            if (assigned is null) continue;
            var last = raw.sqlite3_last_insert_rowid(_db);
            for (var r = 0; r < RowsPerStatement; r++) assigned(items[i + r], last - RowsPerStatement + 1 + r);
        }
        for (; i < items.Count; i++)
        {
            bind(new Row(this, _single, 0), items[i]);
            Step(_single);
            assigned?.Invoke(items[i], raw.sqlite3_last_insert_rowid(_db));
        }
    }

    private static string Sql(string table, IReadOnlyList<string> columns, int rows)
    {
        var sql = new StringBuilder($"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ");
        var parameter = 1;
        for (var r = 0; r < rows; r++)
        {
            if (r > 0) sql.Append(',');
            sql.Append('(');
            for (var c = 0; c < columns.Count; c++)
            {
                if (c > 0) sql.Append(',');
                sql.Append('?').Append(parameter++);
            }
            sql.Append(')');
        }
        return sql.ToString();
    }

    private sqlite3_stmt Prepare(string sql)
    {
        var rc = raw.sqlite3_prepare_v2(_db, sql, out var statement);
        SqliteException.ThrowExceptionForRC(rc, _db);
        return statement;
    }

    private void Step(sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, _db);
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _db);
    }

    public void Dispose()
    {
        _single.Dispose();
        _batch.Dispose();
    }

    /// <summary>One row's parameters within a statement.</summary>
    public readonly struct Row
    {
        private readonly RawBatchInsert _owner;
        private readonly sqlite3_stmt _statement;
        private readonly int _offset;

        internal Row(RawBatchInsert owner, sqlite3_stmt statement, int offset)
        {
            _owner = owner;
            _statement = statement;
            _offset = offset;
        }

        public void Text(int column, string value)
        {
            // Short texts (ids, names) are encoded on the stack; SQLite copies them (SQLITE_TRANSIENT).
            var max = Encoding.UTF8.GetMaxByteCount(value.Length);
            Span<byte> utf8 = max <= 512 ? stackalloc byte[max] : new byte[max];
            var length = Encoding.UTF8.GetBytes(value, utf8);
            _owner.Check(raw.sqlite3_bind_text(_statement, _offset + column + 1, utf8[..length]));
        }

        public void Blob(int column, ReadOnlySpan<byte> value) =>
            _owner.Check(raw.sqlite3_bind_blob(_statement, _offset + column + 1, value));

        public void Null(int column) =>
            _owner.Check(raw.sqlite3_bind_null(_statement, _offset + column + 1));

        public void Int64(int column, long value) =>
            _owner.Check(raw.sqlite3_bind_int64(_statement, _offset + column + 1, value));
    }
}
