using Switchyard.Domain.Targets;
using Wire = Switchyard.Protocol.Model;

namespace Switchyard.Api.Mapping;

/// <summary>
/// Targets between the generated wire shape (mutable, every member nullable) and the domain's immutable
/// <see cref="RuleTarget"/>. Every member AWS defines is carried both ways, with null kept apart from empty, so
/// ListTargetsByRule gives back exactly what PutTargets was given. Collections are copied: nothing the request
/// object still references ends up inside a stored record.
/// </summary>
/// <remarks>
/// Members the service model marks required are read with <c>!</c>: the request validator refused any request
/// without them before a handler runs.
/// </remarks>
public static class TargetMapping
{
    public static RuleTarget ToDomain(Wire.Target target) => new()
    {
        Id = target.Id!,
        Arn = target.Arn!,
        RoleArn = target.RoleArn,
        Input = target.Input,
        InputPath = target.InputPath,
        InputTransformer = target.InputTransformer is { } transformer
            ? new InputTransformer { InputPathsMap = Copy(transformer.InputPathsMap), InputTemplate = transformer.InputTemplate! }
            : null,
        KinesisParameters = target.KinesisParameters is { } kinesis
            ? new KinesisParameters { PartitionKeyPath = kinesis.PartitionKeyPath! }
            : null,
        RunCommandParameters = target.RunCommandParameters is { } runCommand
            ? new RunCommandParameters
            {
                RunCommandTargets = runCommand.RunCommandTargets!
                    .Select(t => new RunCommandTarget { Key = t.Key!, Values = t.Values!.ToArray() }).ToArray(),
            }
            : null,
        EcsParameters = target.EcsParameters is { } ecs ? ToDomain(ecs) : null,
        BatchParameters = target.BatchParameters is { } batch
            ? new BatchParameters
            {
                JobDefinition = batch.JobDefinition!,
                JobName = batch.JobName!,
                ArrayProperties = batch.ArrayProperties is { } array ? new BatchArrayProperties { Size = array.Size } : null,
                RetryStrategy = batch.RetryStrategy is { } strategy ? new BatchRetryStrategy { Attempts = strategy.Attempts } : null,
            }
            : null,
        SqsParameters = target.SqsParameters is { } sqs ? new SqsParameters { MessageGroupId = sqs.MessageGroupId } : null,
        HttpParameters = target.HttpParameters is { } http
            ? new HttpParameters
            {
                PathParameterValues = http.PathParameterValues?.ToArray(),
                HeaderParameters = Copy(http.HeaderParameters),
                QueryStringParameters = Copy(http.QueryStringParameters),
            }
            : null,
        RedshiftDataParameters = target.RedshiftDataParameters is { } redshift
            ? new RedshiftDataParameters
            {
                SecretManagerArn = redshift.SecretManagerArn,
                Database = redshift.Database!,
                DbUser = redshift.DbUser,
                Sql = redshift.Sql,
                StatementName = redshift.StatementName,
                WithEvent = redshift.WithEvent,
                Sqls = redshift.Sqls?.ToArray(),
            }
            : null,
        SageMakerPipelineParameters = target.SageMakerPipelineParameters is { } sageMaker
            ? new SageMakerPipelineParameters
            {
                PipelineParameterList = sageMaker.PipelineParameterList?
                    .Select(p => new SageMakerPipelineParameter { Name = p.Name!, Value = p.Value! }).ToArray(),
            }
            : null,
        DeadLetterConfig = target.DeadLetterConfig is { } deadLetter ? new DeadLetterConfig { Arn = deadLetter.Arn } : null,
        RetryPolicy = target.RetryPolicy is { } retry
            ? new RetryPolicy { MaximumRetryAttempts = retry.MaximumRetryAttempts, MaximumEventAgeInSeconds = retry.MaximumEventAgeInSeconds }
            : null,
        AppSyncParameters = target.AppSyncParameters is { } appSync ? new AppSyncParameters { GraphQLOperation = appSync.GraphQLOperation } : null,
    };

    public static Wire.Target ToWire(RuleTarget target) => new()
    {
        Id = target.Id,
        Arn = target.Arn,
        RoleArn = target.RoleArn,
        Input = target.Input,
        InputPath = target.InputPath,
        InputTransformer = target.InputTransformer is { } transformer
            ? new Wire.InputTransformer { InputPathsMap = Copy(transformer.InputPathsMap), InputTemplate = transformer.InputTemplate }
            : null,
        KinesisParameters = target.KinesisParameters is { } kinesis
            ? new Wire.KinesisParameters { PartitionKeyPath = kinesis.PartitionKeyPath }
            : null,
        RunCommandParameters = target.RunCommandParameters is { } runCommand
            ? new Wire.RunCommandParameters
            {
                RunCommandTargets = runCommand.RunCommandTargets
                    .Select(t => new Wire.RunCommandTarget { Key = t.Key, Values = t.Values.ToList() }).ToList(),
            }
            : null,
        EcsParameters = target.EcsParameters is { } ecs ? ToWire(ecs) : null,
        BatchParameters = target.BatchParameters is { } batch
            ? new Wire.BatchParameters
            {
                JobDefinition = batch.JobDefinition,
                JobName = batch.JobName,
                ArrayProperties = batch.ArrayProperties is { } array ? new Wire.BatchArrayProperties { Size = array.Size } : null,
                RetryStrategy = batch.RetryStrategy is { } strategy ? new Wire.BatchRetryStrategy { Attempts = strategy.Attempts } : null,
            }
            : null,
        SqsParameters = target.SqsParameters is { } sqs ? new Wire.SqsParameters { MessageGroupId = sqs.MessageGroupId } : null,
        HttpParameters = target.HttpParameters is { } http
            ? new Wire.HttpParameters
            {
                PathParameterValues = http.PathParameterValues?.ToList(),
                HeaderParameters = Copy(http.HeaderParameters),
                QueryStringParameters = Copy(http.QueryStringParameters),
            }
            : null,
        RedshiftDataParameters = target.RedshiftDataParameters is { } redshift
            ? new Wire.RedshiftDataParameters
            {
                SecretManagerArn = redshift.SecretManagerArn,
                Database = redshift.Database,
                DbUser = redshift.DbUser,
                Sql = redshift.Sql,
                StatementName = redshift.StatementName,
                WithEvent = redshift.WithEvent,
                Sqls = redshift.Sqls?.ToList(),
            }
            : null,
        SageMakerPipelineParameters = target.SageMakerPipelineParameters is { } sageMaker
            ? new Wire.SageMakerPipelineParameters
            {
                PipelineParameterList = sageMaker.PipelineParameterList?
                    .Select(p => new Wire.SageMakerPipelineParameter { Name = p.Name, Value = p.Value }).ToList(),
            }
            : null,
        DeadLetterConfig = target.DeadLetterConfig is { } deadLetter ? new Wire.DeadLetterConfig { Arn = deadLetter.Arn } : null,
        RetryPolicy = target.RetryPolicy is { } retry
            ? new Wire.RetryPolicy { MaximumRetryAttempts = retry.MaximumRetryAttempts, MaximumEventAgeInSeconds = retry.MaximumEventAgeInSeconds }
            : null,
        AppSyncParameters = target.AppSyncParameters is { } appSync ? new Wire.AppSyncParameters { GraphQLOperation = appSync.GraphQLOperation } : null,
    };

    private static EcsParameters ToDomain(Wire.EcsParameters ecs) => new()
    {
        TaskDefinitionArn = ecs.TaskDefinitionArn!,
        TaskCount = ecs.TaskCount,
        LaunchType = ecs.LaunchType,
        NetworkConfiguration = ecs.NetworkConfiguration is { } network
            ? new NetworkConfiguration
            {
                AwsvpcConfiguration = network.AwsvpcConfiguration is { } vpc
                    ? new AwsVpcConfiguration
                    {
                        Subnets = vpc.Subnets!.ToArray(),
                        SecurityGroups = vpc.SecurityGroups?.ToArray(),
                        AssignPublicIp = vpc.AssignPublicIp,
                    }
                    : null,
            }
            : null,
        PlatformVersion = ecs.PlatformVersion,
        Group = ecs.Group,
        CapacityProviderStrategy = ecs.CapacityProviderStrategy?
            .Select(i => new CapacityProviderStrategyItem { CapacityProvider = i.CapacityProvider!, Weight = i.Weight, Base = i.Base }).ToArray(),
        EnableECSManagedTags = ecs.EnableECSManagedTags,
        EnableExecuteCommand = ecs.EnableExecuteCommand,
        PlacementConstraints = ecs.PlacementConstraints?
            .Select(c => new PlacementConstraint { Type = c.Type, Expression = c.Expression }).ToArray(),
        PlacementStrategy = ecs.PlacementStrategy?.Select(s => new PlacementStrategy { Type = s.Type, Field = s.Field }).ToArray(),
        PropagateTags = ecs.PropagateTags,
        ReferenceId = ecs.ReferenceId,
        Tags = TagMapping.ToDomain(ecs.Tags),
    };

    private static Wire.EcsParameters ToWire(EcsParameters ecs) => new()
    {
        TaskDefinitionArn = ecs.TaskDefinitionArn,
        TaskCount = ecs.TaskCount,
        LaunchType = ecs.LaunchType,
        NetworkConfiguration = ecs.NetworkConfiguration is { } network
            ? new Wire.NetworkConfiguration
            {
                AwsvpcConfiguration = network.AwsvpcConfiguration is { } vpc
                    ? new Wire.AwsVpcConfiguration
                    {
                        Subnets = vpc.Subnets.ToList(),
                        SecurityGroups = vpc.SecurityGroups?.ToList(),
                        AssignPublicIp = vpc.AssignPublicIp,
                    }
                    : null,
            }
            : null,
        PlatformVersion = ecs.PlatformVersion,
        Group = ecs.Group,
        CapacityProviderStrategy = ecs.CapacityProviderStrategy?
            .Select(i => new Wire.CapacityProviderStrategyItem { CapacityProvider = i.CapacityProvider, Weight = i.Weight, Base = i.Base }).ToList(),
        EnableECSManagedTags = ecs.EnableECSManagedTags,
        EnableExecuteCommand = ecs.EnableExecuteCommand,
        PlacementConstraints = ecs.PlacementConstraints?
            .Select(c => new Wire.PlacementConstraint { Type = c.Type, Expression = c.Expression }).ToList(),
        PlacementStrategy = ecs.PlacementStrategy?.Select(s => new Wire.PlacementStrategy { Type = s.Type, Field = s.Field }).ToList(),
        PropagateTags = ecs.PropagateTags,
        ReferenceId = ecs.ReferenceId,
        Tags = TagMapping.ToWire(ecs.Tags),
    };

    /// <summary>A private copy that keeps the given order (ListTargetsByRule shows maps in the order they were put).</summary>
    private static Dictionary<string, string>? Copy(IEnumerable<KeyValuePair<string, string>>? map) =>
        map is null ? null : new Dictionary<string, string>(map, StringComparer.Ordinal);
}
