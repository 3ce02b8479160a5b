namespace Switchyard.Storage.Catalog;

/// <summary>
/// Where a node's change feed stands (<see cref="ChangeFeedPump.Status"/>; /health and the change-feed gauges).
/// </summary>
/// <param name="AppliedSequence">Every change up to it is in this node's caches.</param>
/// <param name="LastKnownSequence">The database's last sequence when this node last read it (or was notified of it).</param>
/// <param name="ConfirmedCurrentAt">When a read of the database last found every committed change applied: the caches
/// held every rule and policy as of then.</param>
/// <param name="Connected">Whether the node hears the database: its LISTEN connection is up (PostgreSQL), or else its
/// last read succeeded.</param>
/// <param name="LagSeconds">Seconds since <paramref name="ConfirmedCurrentAt"/>: how stale the caches may be (0 for a
/// store this node is the only writer of).</param>
public sealed record ChangeFeedStatus(long AppliedSequence, long LastKnownSequence, DateTimeOffset ConfirmedCurrentAt, bool Connected, double LagSeconds);
