using System.Text.Json.Serialization;

namespace Switchyard.Domain.Replays;

/// <summary>
/// A replay (StartReplay): which archive, which range of event time, where to, and how far it got. Stored in the
/// versioned store like every resource, so its state and progress survive a restart and are shared by a cluster;
/// the runner moves it along, CancelReplay asks it to stop. Immutable; changes produce a new instance.
/// </summary>
public sealed record Replay
{
    public required string AccountId { get; init; }
    public required string Region { get; init; }
    public required string Name { get; init; }
    /// <summary>Random per replay: the seed of the replayed events' ids (stable when a minute is replayed again).</summary>
    public required string Id { get; init; }
    public string? Description { get; init; }
    /// <summary>The archive's ARN.</summary>
    public required string EventSourceArn { get; init; }
    /// <summary>Destination.Arn: the archive's source bus.</summary>
    public required string DestinationArn { get; init; }
    /// <summary>Destination.FilterArns: the only rules that receive the replay; null means every rule on the bus.</summary>
    public IReadOnlyList<string>? FilterArns { get; init; }
    public required DateTimeOffset EventStartTime { get; init; }
    public required DateTimeOffset EventEndTime { get; init; }
    public required string State { get; init; }
    public string? StateReason { get; init; }
    public required DateTimeOffset ReplayStartTime { get; init; }
    public DateTimeOffset? ReplayEndTime { get; init; }
    /// <summary>
    /// The event time up to which every archived event was journaled (durable) on the destination bus: the runner
    /// resumes here after a restart or on another node. Null until the first minute is done.
    /// </summary>
    public DateTimeOffset? EventLastReplayedTime { get; init; }

    [JsonIgnore]
    public AccountRegion Scope => new(AccountId, Region);

    [JsonIgnore]
    public string Arn => ReplayArns.Replay(Scope, Name);

    /// <summary>STARTING, RUNNING or CANCELLING: counts against the limit and is the runner's work.</summary>
    [JsonIgnore]
    public bool IsActive => ReplayStates.IsActive(State);
}
