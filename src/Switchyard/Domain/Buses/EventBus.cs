using System.Text.Json.Serialization;

namespace Switchyard.Domain.Buses;

/// <summary>An event bus as stored. Immutable: changes produce a new instance that replaces the old one.</summary>
public sealed record EventBus
{
    public required string AccountId { get; init; }
    public required string Region { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public string? KmsKeyIdentifier { get; init; }
    public string? DeadLetterArn { get; init; }
    public string? EventSourceName { get; init; }
    public BusLogConfig? LogConfig { get; init; }
    /// <summary>The resource policy as AWS returns it (compact JSON); null when the bus has none.</summary>
    public string? Policy { get; init; }
    public required DateTimeOffset CreationTime { get; init; }
    public required DateTimeOffset LastModifiedTime { get; init; }
    public IReadOnlyList<ResourceTag> Tags { get; init; } = [];

    [JsonIgnore]
    public AccountRegion Scope => new(AccountId, Region);
    [JsonIgnore]
    public string Arn => Arns.EventBus(Scope, Name);
}

public sealed record BusLogConfig(string? IncludeDetail, string? Level);

public sealed record ResourceTag(string Key, string Value);
