using System.Text.Json.Serialization;
using Switchyard.Domain.Buses;
using Switchyard.Domain.Targets;

namespace Switchyard.Domain.Rules;

/// <summary>A rule on an event bus, with its targets. Immutable: changes produce a new instance.</summary>
public sealed record Rule
{
    public required string AccountId { get; init; }
    public required string Region { get; init; }
    public required string BusName { get; init; }
    public required string Name { get; init; }
    public string? EventPattern { get; init; }
    public string? ScheduleExpression { get; init; }
    public required string State { get; init; }
    public string? Description { get; init; }
    public string? RoleArn { get; init; }
    public string? ManagedBy { get; init; }
    /// <summary>The account that created the rule (differs from the bus owner for rules made through a bus policy).</summary>
    public required string CreatedBy { get; init; }
    public IReadOnlyList<ResourceTag> Tags { get; init; } = [];
    /// <summary>The rule's targets in the order they were first put (ListTargetsByRule sorts them by id).</summary>
    public IReadOnlyList<RuleTarget> Targets { get; init; } = [];
    public required DateTimeOffset CreationTime { get; init; }

    [JsonIgnore]
    public AccountRegion Scope => new(AccountId, Region);

    /// <summary>
    /// Set only on the stand-in rule an EventBridge Scheduler invocation is delivered under: the schedule's ARN, which
    /// then names the source wherever the rule's ARN would (access checks, dead letters, logs).
    /// </summary>
    [JsonIgnore]
    public string? ScheduleArn { get; init; }

    [JsonIgnore]
    public string Arn => ScheduleArn ?? Arns.Rule(Scope, BusName, Name);

    /// <summary>Whether events are matched against this rule (both enabled states count).</summary>
    [JsonIgnore]
    public bool IsEnabled => State != RuleStates.Disabled;
}

public static class RuleStates
{
    public const string Enabled = "ENABLED";
    public const string Disabled = "DISABLED";
    public const string EnabledWithAllCloudTrailManagementEvents = "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS";
}
