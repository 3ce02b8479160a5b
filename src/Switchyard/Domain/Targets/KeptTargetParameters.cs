using System.Text.Json.Serialization;
using Switchyard.Domain.Buses;

namespace Switchyard.Domain.Targets;

// The parameters of target kinds Switchyard keeps and lists but does not deliver to. Members mirror AWS's shapes
// one for one (names, and the lower-case JSON names AWS gives some ECS members), so ListTargetsByRule returns them
// as they were put and the stored JSON stays what it was.

/// <summary>Kinesis stream targets: the JSONPath of the partition key.</summary>
public sealed record KinesisParameters
{
    public required string PartitionKeyPath { get; init; }
}

/// <summary>Systems Manager Run Command targets: the instances to run on, by key and values.</summary>
public sealed record RunCommandParameters
{
    public required IReadOnlyList<RunCommandTarget> RunCommandTargets { get; init; }
}

public sealed record RunCommandTarget
{
    public required string Key { get; init; }
    public required IReadOnlyList<string> Values { get; init; }
}

/// <summary>ECS task targets.</summary>
public sealed record EcsParameters
{
    public required string TaskDefinitionArn { get; init; }
    public int? TaskCount { get; init; }
    public string? LaunchType { get; init; }
    public NetworkConfiguration? NetworkConfiguration { get; init; }
    public string? PlatformVersion { get; init; }
    public string? Group { get; init; }
    public IReadOnlyList<CapacityProviderStrategyItem>? CapacityProviderStrategy { get; init; }
    public bool? EnableECSManagedTags { get; init; }
    public bool? EnableExecuteCommand { get; init; }
    public IReadOnlyList<PlacementConstraint>? PlacementConstraints { get; init; }
    public IReadOnlyList<PlacementStrategy>? PlacementStrategy { get; init; }
    public string? PropagateTags { get; init; }
    public string? ReferenceId { get; init; }
    public IReadOnlyList<ResourceTag>? Tags { get; init; }
}

public sealed record NetworkConfiguration
{
    [JsonPropertyName("awsvpcConfiguration")]
    public AwsVpcConfiguration? AwsvpcConfiguration { get; init; }
}

public sealed record AwsVpcConfiguration
{
    public required IReadOnlyList<string> Subnets { get; init; }
    public IReadOnlyList<string>? SecurityGroups { get; init; }
    public string? AssignPublicIp { get; init; }
}

public sealed record CapacityProviderStrategyItem
{
    [JsonPropertyName("capacityProvider")]
    public required string CapacityProvider { get; init; }

    [JsonPropertyName("weight")]
    public int? Weight { get; init; }

    [JsonPropertyName("base")]
    public int? Base { get; init; }
}

public sealed record PlacementConstraint
{
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("expression")]
    public string? Expression { get; init; }
}

public sealed record PlacementStrategy
{
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("field")]
    public string? Field { get; init; }
}

/// <summary>AWS Batch job queue targets.</summary>
public sealed record BatchParameters
{
    public required string JobDefinition { get; init; }
    public required string JobName { get; init; }
    public BatchArrayProperties? ArrayProperties { get; init; }
    public BatchRetryStrategy? RetryStrategy { get; init; }
}

public sealed record BatchArrayProperties
{
    public int? Size { get; init; }
}

public sealed record BatchRetryStrategy
{
    public int? Attempts { get; init; }
}

/// <summary>Redshift Data API targets: the statement(s) to run.</summary>
public sealed record RedshiftDataParameters
{
    public string? SecretManagerArn { get; init; }
    public required string Database { get; init; }
    public string? DbUser { get; init; }
    public string? Sql { get; init; }
    public string? StatementName { get; init; }
    public bool? WithEvent { get; init; }
    public IReadOnlyList<string>? Sqls { get; init; }
}

/// <summary>SageMaker pipeline targets: the pipeline's parameters.</summary>
public sealed record SageMakerPipelineParameters
{
    public IReadOnlyList<SageMakerPipelineParameter>? PipelineParameterList { get; init; }
}

public sealed record SageMakerPipelineParameter
{
    public required string Name { get; init; }
    public required string Value { get; init; }
}

/// <summary>AppSync targets: the GraphQL operation to run.</summary>
public sealed record AppSyncParameters
{
    public string? GraphQLOperation { get; init; }
}
