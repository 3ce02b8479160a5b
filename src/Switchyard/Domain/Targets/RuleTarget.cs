using System.Text.Json.Serialization;

namespace Switchyard.Domain.Targets;

/// <summary>
/// A target of a rule as the domain keeps it: immutable, so a delivery reads it without copying or locking, and a
/// change to the rule replaces it. The API's PutTargets / ListTargetsByRule map it from and to the generated wire
/// shape (Api/Mapping/TargetMapping.cs); nothing else sees the wire shape.
/// </summary>
/// <remarks>
/// Stored format (version 1, inside a stored <c>Rule</c>): the JSON names are AWS's member names, exactly as the
/// rules written before these records existed held the generated <c>Target</c>, so data directories from then load
/// unchanged. Renaming a member here therefore changes the stored format and needs an upgrade step.
/// <para>
/// Every parameter kind AWS defines is a typed record, including the ones Switchyard does not deliver to (ECS, Batch,
/// Kinesis, Run Command, Redshift Data, SageMaker, AppSync): they are small, and typed they are read back by the same
/// source-generated serializer, keep the stored document readable and checked, and round-trip through
/// ListTargetsByRule member for member. An opaque JSON blob would have saved a few records but lost that checking.
/// </para>
/// </remarks>
public sealed record RuleTarget
{
    public required string Id { get; init; }
    public required string Arn { get; init; }
    public string? RoleArn { get; init; }
    /// <summary>Constant JSON the target receives instead of the event.</summary>
    public string? Input { get; init; }
    /// <summary>The part of the event the target receives (a JSONPath).</summary>
    public string? InputPath { get; init; }
    public InputTransformer? InputTransformer { get; init; }
    public KinesisParameters? KinesisParameters { get; init; }
    public RunCommandParameters? RunCommandParameters { get; init; }
    public EcsParameters? EcsParameters { get; init; }
    public BatchParameters? BatchParameters { get; init; }
    public SqsParameters? SqsParameters { get; init; }
    public HttpParameters? HttpParameters { get; init; }
    public RedshiftDataParameters? RedshiftDataParameters { get; init; }
    public SageMakerPipelineParameters? SageMakerPipelineParameters { get; init; }
    public DeadLetterConfig? DeadLetterConfig { get; init; }
    public RetryPolicy? RetryPolicy { get; init; }
    public AppSyncParameters? AppSyncParameters { get; init; }

    /// <summary>Whether the target gets something other than the whole event.</summary>
    [JsonIgnore]
    public bool ShapesInput => Input is not null || InputPath is not null || InputTransformer is not null;
}
