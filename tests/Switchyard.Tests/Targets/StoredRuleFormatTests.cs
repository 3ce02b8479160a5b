using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Api.Mapping;
using Switchyard.Domain;
using Switchyard.Domain.Rules;
using Switchyard.Protocol.Model;

namespace Switchyard.Tests.Targets;

/// <summary>
/// Data directories written before the domain had target records of its own must load unchanged. The documents
/// below are real: the <c>documents</c> rows a server built from main at f74a030 (when <c>Rule.Targets</c> held the
/// generated <c>Target</c>) wrote after boto3 put a target of every parameter kind and a tagged bus.
/// </summary>
public sealed class StoredRuleFormatTests
{
    /// <summary>SQS (FIFO group, Input, dead-letter queue, retry policy), API destination (HttpParameters,
    /// InputTransformer, role), Kinesis (InputPath), Run Command; with two tags.</summary>
    private const string RuleWithDeliveredKinds = """
        {"AccountId":"123456789012","Region":"us-east-1","BusName":"default","Name":"every-kind","EventPattern":"{\u0022source\u0022:[\u0022app\u0022]}","State":"ENABLED","CreatedBy":"123456789012","Tags":[{"Key":"team","Value":"core"},{"Key":"env","Value":"prod"}],"Targets":[{"Id":"sqs","Arn":"arn:aws:sqs:us-east-1:123456789012:q.fifo","Input":"{\u0022fixed\u0022: [1, 2]}","SqsParameters":{"MessageGroupId":"g1"},"DeadLetterConfig":{"Arn":"arn:aws:sqs:us-east-1:123456789012:dlq"},"RetryPolicy":{"MaximumRetryAttempts":3,"MaximumEventAgeInSeconds":600}},{"Id":"http","Arn":"arn:aws:events:us-east-1:123456789012:api-destination/dest/0d2f5b1c-1111-2222-3333-444455556666","RoleArn":"arn:aws:iam::123456789012:role/r","InputTransformer":{"InputPathsMap":{"src":"$.source","id":"$.id"},"InputTemplate":"{\u0022s\u0022: \u003Csrc\u003E, \u0022i\u0022: \u003Cid\u003E}"},"HttpParameters":{"PathParameterValues":["a","b"],"HeaderParameters":{"x-h":"1","x-a":"2"},"QueryStringParameters":{"q":"v","a":"b"}}},{"Id":"kinesis","Arn":"arn:aws:kinesis:us-east-1:123456789012:stream/s","RoleArn":"arn:aws:iam::123456789012:role/r","InputPath":"$.detail","KinesisParameters":{"PartitionKeyPath":"$.id"}},{"Id":"runcmd","Arn":"arn:aws:ssm:us-east-1:123456789012:document/AWS-RunShellScript","RoleArn":"arn:aws:iam::123456789012:role/r","RunCommandParameters":{"RunCommandTargets":[{"Key":"InstanceIds","Values":["i-1","i-2"]},{"Key":"tag:Env","Values":["prod"]}]}}],"CreationTime":"2026-12-02T20:08:53.4694072+00:00"}
        """;

    /// <summary>ECS with every member, Batch, Redshift Data with one statement and with several.</summary>
    private const string RuleWithTaskKinds = """
        {"AccountId":"123456789012","Region":"us-east-1","BusName":"default","Name":"every-kind-2","EventPattern":"{\u0022source\u0022:[\u0022app\u0022]}","State":"ENABLED","CreatedBy":"123456789012","Tags":[],"Targets":[{"Id":"ecs","Arn":"arn:aws:ecs:us-east-1:123456789012:cluster/c","RoleArn":"arn:aws:iam::123456789012:role/r","EcsParameters":{"TaskDefinitionArn":"arn:aws:ecs:us-east-1:123456789012:task-definition/t:1","TaskCount":2,"LaunchType":"FARGATE","NetworkConfiguration":{"awsvpcConfiguration":{"Subnets":["subnet-1","subnet-2"],"SecurityGroups":["sg-1"],"AssignPublicIp":"ENABLED"}},"PlatformVersion":"LATEST","Group":"grp","CapacityProviderStrategy":[{"capacityProvider":"FARGATE_SPOT","weight":2,"base":1}],"EnableECSManagedTags":true,"EnableExecuteCommand":false,"PlacementConstraints":[{"type":"memberOf","expression":"attribute:ecs.os-type == linux"}],"PlacementStrategy":[{"type":"spread","field":"attribute:ecs.availability-zone"}],"PropagateTags":"TASK_DEFINITION","ReferenceId":"ref-1","Tags":[{"Key":"k","Value":"v"}]}},{"Id":"batch","Arn":"arn:aws:batch:us-east-1:123456789012:job-queue/jq","RoleArn":"arn:aws:iam::123456789012:role/r","BatchParameters":{"JobDefinition":"jd","JobName":"jn","ArrayProperties":{"Size":10},"RetryStrategy":{"Attempts":3}}},{"Id":"redshift","Arn":"arn:aws:redshift:us-east-1:123456789012:cluster:rc","RoleArn":"arn:aws:iam::123456789012:role/r","RedshiftDataParameters":{"SecretManagerArn":"arn:aws:secretsmanager:us-east-1:123456789012:secret:s-abc","Database":"db","DbUser":"u","Sql":"select 1","StatementName":"st","WithEvent":true}},{"Id":"redshift2","Arn":"arn:aws:redshift:us-east-1:123456789012:cluster:rc2","RoleArn":"arn:aws:iam::123456789012:role/r","RedshiftDataParameters":{"Database":"db","Sqls":["select 1","select 2"]}}],"CreationTime":"2026-12-02T20:08:53.4897547+00:00"}
        """;

    /// <summary>SageMaker, AppSync, and empty collections that must stay empty (not absent).</summary>
    private const string RuleWithOtherKinds = """
        {"AccountId":"123456789012","Region":"us-east-1","BusName":"default","Name":"every-kind-3","EventPattern":"{\u0022source\u0022:[\u0022app\u0022]}","State":"ENABLED","CreatedBy":"123456789012","Tags":[],"Targets":[{"Id":"sagemaker","Arn":"arn:aws:sagemaker:us-east-1:123456789012:pipeline/p","RoleArn":"arn:aws:iam::123456789012:role/r","SageMakerPipelineParameters":{"PipelineParameterList":[{"Name":"n1","Value":"v1"},{"Name":"n2","Value":"v2"}]}},{"Id":"appsync","Arn":"arn:aws:appsync:us-east-1:123456789012:apis/abc/types/Mutation/fields/m","RoleArn":"arn:aws:iam::123456789012:role/r","AppSyncParameters":{"GraphQLOperation":"mutation M { m { id } }"}},{"Id":"empty","Arn":"arn:aws:sqs:us-east-1:123456789012:q2","InputTransformer":{"InputTemplate":"\u0022plain\u0022"},"HttpParameters":{"PathParameterValues":[],"HeaderParameters":{}}}],"CreationTime":"2026-12-02T20:08:53.4938543+00:00"}
        """;

    private const string TaggedBus = """
        {"AccountId":"123456789012","Region":"us-east-1","Name":"tagged","Description":"d","DeadLetterArn":"arn:aws:sqs:us-east-1:123456789012:dlq","CreationTime":"2026-12-02T20:08:53.569827+00:00","LastModifiedTime":"2026-12-02T20:08:53.569827+00:00","Tags":[{"Key":"a","Value":"1"}]}
        """;

    public static TheoryData<string> Documents => new() { RuleWithDeliveredKinds, RuleWithTaskKinds, RuleWithOtherKinds };

    [Theory]
    [MemberData(nameof(Documents))]
    public void AStoredRuleIsWrittenBackExactlyAsItWasRead(string document)
    {
        var rule = JsonSerializer.Deserialize(document, DomainJsonContext.Default.Rule)!;
        Assert.Equal(document, JsonSerializer.Serialize(rule, DomainJsonContext.Default.Rule));
    }

    /// <summary>
    /// Before, ListTargetsByRule returned the stored generated Target as it was; now it maps the record. Reading the
    /// stored targets as the generated shape gives the old answer, which the mapped one must equal.
    /// </summary>
    [Theory]
    [MemberData(nameof(Documents))]
    public void ListTargetsByRuleAnswersAsBeforeForAStoredRule(string document)
    {
        var rule = JsonSerializer.Deserialize(document, DomainJsonContext.Default.Rule)!;
        var oldTargets = JsonNode.Parse(document)!["Targets"]!.AsArray();
        Assert.Equal(oldTargets.Count, rule.Targets.Count);
        for (var i = 0; i < oldTargets.Count; i++)
        {
            var before = JsonSerializer.Deserialize(oldTargets[i]!.ToJsonString(), EventsJsonContext.Default.Target)!;
            Assert.Equal(
                JsonSerializer.Serialize(before, EventsJsonContext.Default.Target),
                JsonSerializer.Serialize(TargetMapping.ToWire(rule.Targets[i]), EventsJsonContext.Default.Target));
        }
    }

    [Fact]
    public void TheDeliveredKindsLoadIntoTheirRecords()
    {
        var rule = JsonSerializer.Deserialize(RuleWithDeliveredKinds, DomainJsonContext.Default.Rule)!;
        Assert.Equal([("team", "core"), ("env", "prod")], rule.Tags.Select(t => (t.Key, t.Value)));
        Assert.Equal(["sqs", "http", "kinesis", "runcmd"], rule.Targets.Select(t => t.Id));

        var sqs = rule.Targets[0];
        Assert.Equal("arn:aws:sqs:us-east-1:123456789012:q.fifo", sqs.Arn);
        Assert.Equal("""{"fixed": [1, 2]}""", sqs.Input);
        Assert.Equal("g1", sqs.SqsParameters!.MessageGroupId);
        Assert.Equal("arn:aws:sqs:us-east-1:123456789012:dlq", sqs.DeadLetterConfig!.Arn);
        Assert.Equal(3, sqs.RetryPolicy!.MaximumRetryAttempts);
        Assert.Equal(600, sqs.RetryPolicy.MaximumEventAgeInSeconds);

        var http = rule.Targets[1];
        Assert.Equal("arn:aws:iam::123456789012:role/r", http.RoleArn);
        Assert.Equal(["a", "b"], http.HttpParameters!.PathParameterValues!);
        Assert.Equal(["x-h", "x-a"], http.HttpParameters.HeaderParameters!.Keys);
        Assert.Equal("b", http.HttpParameters.QueryStringParameters!["a"]);
        Assert.Equal(["src", "id"], http.InputTransformer!.Paths.Keys);
        Assert.Equal("""{"s": <src>, "i": <id>}""", http.InputTransformer.InputTemplate);

        Assert.Equal("$.detail", rule.Targets[2].InputPath);
        Assert.Equal("$.id", rule.Targets[2].KinesisParameters!.PartitionKeyPath);
        var runCommand = rule.Targets[3].RunCommandParameters!.RunCommandTargets;
        Assert.Equal(["InstanceIds", "tag:Env"], runCommand.Select(t => t.Key));
        Assert.Equal(["i-1", "i-2"], runCommand[0].Values);
    }

    [Fact]
    public void TheOtherKindsLoadIntoTheirRecords()
    {
        var tasks = JsonSerializer.Deserialize(RuleWithTaskKinds, DomainJsonContext.Default.Rule)!;
        var ecs = tasks.Targets[0].EcsParameters!;
        Assert.Equal("arn:aws:ecs:us-east-1:123456789012:task-definition/t:1", ecs.TaskDefinitionArn);
        Assert.Equal(2, ecs.TaskCount);
        Assert.Equal(["subnet-1", "subnet-2"], ecs.NetworkConfiguration!.AwsvpcConfiguration!.Subnets);
        Assert.Equal("ENABLED", ecs.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp);
        var provider = Assert.Single(ecs.CapacityProviderStrategy!);
        Assert.Equal(("FARGATE_SPOT", 2, 1), (provider.CapacityProvider, provider.Weight, provider.Base));
        Assert.True(ecs.EnableECSManagedTags);
        Assert.False(ecs.EnableExecuteCommand);
        Assert.Equal("memberOf", Assert.Single(ecs.PlacementConstraints!).Type);
        Assert.Equal("attribute:ecs.availability-zone", Assert.Single(ecs.PlacementStrategy!).Field);
        Assert.Equal(("k", "v"), (Assert.Single(ecs.Tags!).Key, ecs.Tags![0].Value));
        var batch = tasks.Targets[1].BatchParameters!;
        Assert.Equal(("jd", "jn", 10, 3), (batch.JobDefinition, batch.JobName, batch.ArrayProperties!.Size, batch.RetryStrategy!.Attempts));
        Assert.True(tasks.Targets[2].RedshiftDataParameters!.WithEvent);
        Assert.Equal(["select 1", "select 2"], tasks.Targets[3].RedshiftDataParameters!.Sqls!);

        var others = JsonSerializer.Deserialize(RuleWithOtherKinds, DomainJsonContext.Default.Rule)!;
        Assert.Equal(["n1", "n2"], others.Targets[0].SageMakerPipelineParameters!.PipelineParameterList!.Select(p => p.Name));
        Assert.Equal("mutation M { m { id } }", others.Targets[1].AppSyncParameters!.GraphQLOperation);
        var empty = others.Targets[2];
        Assert.Empty(empty.HttpParameters!.PathParameterValues!);
        Assert.Empty(empty.HttpParameters.HeaderParameters!);
        Assert.Null(empty.HttpParameters.QueryStringParameters);
        Assert.Null(empty.InputTransformer!.InputPathsMap);
        Assert.Empty(empty.InputTransformer.Paths);
    }

    [Fact]
    public void AStoredBusLoadsWithItsTags()
    {
        var bus = JsonSerializer.Deserialize(TaggedBus, DomainJsonContext.Default.EventBus)!;
        Assert.Equal(("a", "1"), (Assert.Single(bus.Tags).Key, bus.Tags[0].Value));
        Assert.Equal("arn:aws:sqs:us-east-1:123456789012:dlq", bus.DeadLetterArn);
        Assert.Equal(TaggedBus, JsonSerializer.Serialize(bus, DomainJsonContext.Default.EventBus));
    }
}
