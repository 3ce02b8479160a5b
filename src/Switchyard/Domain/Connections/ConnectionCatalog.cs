using Switchyard.Storage;

namespace Switchyard.Domain.Connections;

/// <summary>
/// All connections of all accounts and regions: reads from memory, every change written through to the state store
/// first. Changes serialize on one lock so read-modify-write operations never lose an update.
/// </summary>
public sealed class ConnectionCatalog : IResettableState
{
    public const string StateKind = "connection";

    private readonly PersistentCollection<Connection> _connections;
    private readonly TimeProvider _time;
    private readonly int _maxPerRegion;
    private readonly object _writeGate = new();

    public ConnectionCatalog(IStateStore store, TimeProvider time, int maxPerRegion)
    {
        _time = time;
        _maxPerRegion = maxPerRegion;
        _connections = new PersistentCollection<Connection>(store, StateKind, ConnectionJsonContext.Default.Connection, c => Key(c.Scope, c.Name));
    }

    public bool TryGet(AccountRegion scope, string name, out Connection connection) =>
        _connections.TryGet(Key(scope, name), out connection);

    public Connection Get(AccountRegion scope, string name) =>
        TryGet(scope, name, out var connection) ? connection : throw ConnectionErrors.NotFound(name);

    /// <summary>Finds a connection by its full ARN (the UUID must match too: a re-created connection is another one).</summary>
    public bool TryGetByArn(string arn, out Connection connection)
    {
        connection = null!;
        return ConnectionArns.TryParse(arn, out var scope, out var name, out var id)
            && TryGet(scope, name, out connection)
            && connection.Id == id;
    }

    public IReadOnlyList<Connection> List(AccountRegion scope) =>
        _connections.Values.Where(c => c.Scope == scope).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();

    public IEnumerable<Connection> All => _connections.Values;

    public Connection Create(Connection connection)
    {
        lock (_writeGate)
        {
            if (_connections.Contains(Key(connection.Scope, connection.Name)))
                throw ConnectionErrors.AlreadyExists(connection.Name);
            if (_connections.Values.Count(c => c.Scope == connection.Scope) >= _maxPerRegion)
                throw ApiErrors.LimitExceeded();
            _connections.Put(connection);
            return connection;
        }
    }

    /// <summary>Read-modify-write under the write lock; <paramref name="change"/> may throw to refuse.</summary>
    public Connection Update(AccountRegion scope, string name, Func<Connection, Connection> change)
    {
        lock (_writeGate)
        {
            var current = Get(scope, name);
            var updated = change(current);
            if (ReferenceEquals(updated, current)) return current;
            _connections.Put(updated);
            return updated;
        }
    }

    /// <summary>
    /// Records the outcome of fetching an OAuth token, unless the credentials changed meanwhile (then the outcome is
    /// about credentials the connection no longer has).
    /// </summary>
    public void RecordAuthorization(Connection authorized, bool succeeded, string? reason)
    {
        lock (_writeGate)
        {
            if (!TryGet(authorized.Scope, authorized.Name, out var current)) return;
            if (current.Id != authorized.Id || current.AuthVersion != authorized.AuthVersion || current.Auth is null) return;
            var state = succeeded ? ConnectionStates.Authorized : ConnectionStates.Deauthorized;
            if (current.State == state && current.StateReason == reason) return;
            var now = _time.GetUtcNow();
            _connections.Put(current with
            {
                State = state,
                StateReason = reason,
                LastAuthorizedTime = succeeded ? now : current.LastAuthorizedTime,
            });
        }
    }

    /// <summary>Removes a connection and returns it as it was.</summary>
    public Connection Delete(AccountRegion scope, string name)
    {
        lock (_writeGate)
        {
            var connection = Get(scope, name);
            _connections.Remove(Key(scope, name));
            return connection;
        }
    }

    /// <summary>Forgets everything in memory (the store is cleared by the caller).</summary>
    public void Clear()
    {
        lock (_writeGate) _connections.ClearMemory();
    }

    private static string Key(AccountRegion scope, string name) => $"{scope.AccountId}/{scope.Region}/{name}";
}
