using Switchyard.Storage.Catalog;

namespace Switchyard.Domain.Connections;

/// <summary>
/// All connections of all accounts and regions, over the generic <see cref="ResourceCatalog{T}"/>: reads from its
/// cache, changes as compare-and-swap writes to the store, retried on a concurrent change so none is lost.
/// </summary>
public sealed class ConnectionCatalog
{
    public const string StateKind = "connection";

    private readonly ResourceCatalog<Connection> _connections;
    private readonly TimeProvider _time;
    private readonly int _maxPerRegion;

    public ConnectionCatalog(ChangeFeedPump pump, TimeProvider time, int maxPerRegion)
    {
        _time = time;
        _maxPerRegion = maxPerRegion;
        _connections = new ResourceCatalog<Connection>(pump, StateKind, ConnectionJsonContext.Default.Connection, ApiErrors.ConcurrentModification);
    }

    public bool TryGet(AccountRegion scope, string name, out Connection connection) =>
        _connections.TryGet(scope.AccountId, scope.Region, name, out connection);

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
        _connections.InScope(scope.AccountId, scope.Region).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();

    public IEnumerable<Connection> All => _connections.All;

    /// <remarks>The per-region limit is exact within one process; see <see cref="Buses.EventBusCatalog.Create"/>.</remarks>
    public Connection Create(Connection connection) =>
        _connections.Change(connection.AccountId, connection.Region, connection.Name, current =>
        {
            if (current is not null) throw ConnectionErrors.AlreadyExists(connection.Name);
            if (_connections.Count(connection.AccountId, connection.Region) >= _maxPerRegion) throw ApiErrors.LimitExceeded();
            return connection;
        })!;

    /// <summary>Read-modify-write, retried on a concurrent change; <paramref name="change"/> may throw to refuse.</summary>
    public Connection Update(AccountRegion scope, string name, Func<Connection, Connection> change) =>
        _connections.Change(scope.AccountId, scope.Region, name, current =>
            change(current ?? throw ConnectionErrors.NotFound(name)))!;

    /// <summary>
    /// Records the outcome of fetching an OAuth token, unless the credentials changed meanwhile (then the outcome is
    /// about credentials the connection no longer has).
    /// </summary>
    public void RecordAuthorization(Connection authorized, bool succeeded, string? reason) =>
        _connections.Change(authorized.AccountId, authorized.Region, authorized.Name, current =>
        {
            if (current is null) return null;
            if (current.Id != authorized.Id || current.AuthVersion != authorized.AuthVersion || current.Auth is null) return current;
            var state = succeeded ? ConnectionStates.Authorized : ConnectionStates.Deauthorized;
            if (current.State == state && current.StateReason == reason) return current;
            var now = _time.GetUtcNow();
            return current with
            {
                State = state,
                StateReason = reason,
                LastAuthorizedTime = succeeded ? now : current.LastAuthorizedTime,
            };
        });

    /// <summary>Removes a connection and returns it as it was.</summary>
    public Connection Delete(AccountRegion scope, string name)
    {
        Connection? deleted = null;
        _connections.Change(scope.AccountId, scope.Region, name, current =>
        {
            deleted = current ?? throw ConnectionErrors.NotFound(name);
            return null;
        });
        return deleted!;
    }
}
