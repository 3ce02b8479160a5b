using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Switchyard.Api.Mapping;
using Switchyard.Domain;
using Switchyard.Domain.Targets;
using Switchyard.Protocol.Model;
using WireHttpParameters = Switchyard.Protocol.Model.HttpParameters;
using WireInputTransformer = Switchyard.Protocol.Model.InputTransformer;

namespace Switchyard.Tests.Targets;

/// <summary>
/// PutTargets keeps a target as the domain's <see cref="RuleTarget"/> and ListTargetsByRule maps it back: every member
/// AWS defines must survive wire → record → wire, and wire → record → stored JSON → record → wire. Targets are
/// generated from the service model's Target shape, so a member added to the model and forgotten in the mapping fails
/// here rather than vanishing from ListTargetsByRule.
/// </summary>
public sealed class TargetMappingTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(400).WithQuietOnSuccess(true);
    private static readonly ShapeModel TargetShape = ServiceModel.GetShape("Target");

    [Fact]
    public void AnyTargetRoundTripsThroughTheRecord() =>
        Check.One(Config, Prop.ForAll(ModelJson(TargetShape, everyMember: false).ToArbitrary(), json =>
        {
            var wire = JsonSerializer.Deserialize(json, EventsJsonContext.Default.Target)!;
            var expected = Wire(wire);
            var back = Wire(TargetMapping.ToWire(TargetMapping.ToDomain(wire)));
            return (back == expected).Label($"given  {expected}\nmapped {back}");
        }));

    [Fact]
    public void AnyTargetRoundTripsThroughTheStoredFormat() =>
        Check.One(Config, Prop.ForAll(ModelJson(TargetShape, everyMember: false).ToArbitrary(), json =>
        {
            var wire = JsonSerializer.Deserialize(json, EventsJsonContext.Default.Target)!;
            var expected = Wire(wire);
            var back = Wire(TargetMapping.ToWire(Reloaded(TargetMapping.ToDomain(wire)).Targets[0]));
            return (back == expected).Label($"given  {expected}\nstored and mapped {back}");
        }));

    [Fact]
    public void ATargetWithEveryMemberOfEveryParameterKindRoundTrips()
    {
        var json = ModelJson(TargetShape, everyMember: true).Sample(3, new Rnd(7), 1)[0];
        var wire = JsonSerializer.Deserialize(json, EventsJsonContext.Default.Target)!;
        var given = JsonNode.Parse(Wire(wire))!;

        // The generator really filled every member, nested ones included, so nothing below is vacuous.
        AssertEveryMemberPresent(TargetShape, given, "Target");

        var mapped = JsonNode.Parse(Wire(TargetMapping.ToWire(TargetMapping.ToDomain(wire))))!;
        var stored = JsonNode.Parse(Wire(TargetMapping.ToWire(Reloaded(TargetMapping.ToDomain(wire)).Targets[0])))!;
        Assert.True(JsonNode.DeepEquals(given, mapped), $"given  {given.ToJsonString()}\nmapped {mapped.ToJsonString()}");
        Assert.True(JsonNode.DeepEquals(given, stored), $"given  {given.ToJsonString()}\nstored {stored.ToJsonString()}");
    }

    [Fact]
    public void EmptyCollectionsStayEmptyAndAbsentOnesStayAbsent()
    {
        var wire = JsonSerializer.Deserialize("""
            {"Id":"t","Arn":"arn:aws:sqs:us-east-1:111111111111:q",
             "HttpParameters":{"PathParameterValues":[],"HeaderParameters":{}},
             "InputTransformer":{"InputTemplate":"\"plain\""}}
            """, EventsJsonContext.Default.Target)!;
        var record = TargetMapping.ToDomain(wire);
        Assert.NotNull(record.HttpParameters!.PathParameterValues);
        Assert.Empty(record.HttpParameters.PathParameterValues);
        Assert.NotNull(record.HttpParameters.HeaderParameters);
        Assert.Null(record.HttpParameters.QueryStringParameters);
        Assert.Null(record.InputTransformer!.InputPathsMap);
        Assert.Equal(Wire(wire), Wire(TargetMapping.ToWire(record)));
    }

    [Fact]
    public void TheRecordDoesNotShareCollectionsWithTheRequest()
    {
        List<string> pathValues = ["a"];
        var headers = new Dictionary<string, string> { ["h"] = "1" };
        var paths = new Dictionary<string, string> { ["s"] = "$.source" };
        var wire = new Target
        {
            Id = "t", Arn = "arn:aws:sqs:us-east-1:111111111111:q",
            HttpParameters = new WireHttpParameters { PathParameterValues = pathValues, HeaderParameters = headers },
            InputTransformer = new WireInputTransformer { InputPathsMap = paths, InputTemplate = "<s>" },
        };
        var record = TargetMapping.ToDomain(wire);
        pathValues.Add("b");
        headers["h"] = "changed";
        paths["x"] = "$.x";
        Assert.Equal(["a"], record.HttpParameters!.PathParameterValues!);
        Assert.Equal("1", record.HttpParameters.HeaderParameters!["h"]);
        Assert.Single(record.InputTransformer!.Paths);
    }

    [Fact]
    public void MapsKeepTheOrderTheyWereGivenIn()
    {
        var wire = JsonSerializer.Deserialize("""
            {"Id":"t","Arn":"arn:aws:sqs:us-east-1:111111111111:q",
             "InputTransformer":{"InputPathsMap":{"z":"$.z","a":"$.a","m":"$.m"},"InputTemplate":"<z>"}}
            """, EventsJsonContext.Default.Target)!;
        var back = TargetMapping.ToWire(Reloaded(TargetMapping.ToDomain(wire)).Targets[0]);
        Assert.Equal(["z", "a", "m"], back.InputTransformer!.InputPathsMap!.Keys);
    }

    private static string Wire(Target target) => JsonSerializer.Serialize(target, EventsJsonContext.Default.Target);

    /// <summary>The target inside a rule, written in the stored format and read back.</summary>
    private static Domain.Rules.Rule Reloaded(RuleTarget target)
    {
        var rule = new Domain.Rules.Rule
        {
            AccountId = "111111111111", Region = "us-east-1", BusName = "default", Name = "r", State = "ENABLED",
            CreatedBy = "111111111111", CreationTime = DateTimeOffset.UnixEpoch, Targets = [target],
        };
        var stored = JsonSerializer.Serialize(rule, DomainJsonContext.Default.Rule);
        return JsonSerializer.Deserialize(stored, DomainJsonContext.Default.Rule)!;
    }

    private static void AssertEveryMemberPresent(ShapeModel shape, JsonNode node, string path)
    {
        switch (shape.Type)
        {
            case ShapeType.Structure:
                foreach (var member in shape.Members)
                {
                    var child = node[member.Name];
                    Assert.True(child is not null, $"{path}.{member.Name} was not generated");
                    AssertEveryMemberPresent(member.Target, child, $"{path}.{member.Name}");
                }
                break;
            case ShapeType.List:
                var items = node.AsArray();
                Assert.True(items.Count > 0, $"{path} is an empty list");
                AssertEveryMemberPresent(shape.ListMemberShape!, items[0]!, $"{path}[0]");
                break;
        }
    }

    private static readonly string[] Texts = ["a", "x-1", "", "$.detail.id", "<name> & \"quoted\"", "ünïcødé", "arn:aws:sqs:us-east-1:111111111111:q"];

    /// <summary>
    /// JSON of the given shape: optional members about half the time (all of them with <paramref name="everyMember"/>),
    /// lists and maps of 0-3 entries (at least one with <paramref name="everyMember"/>). Values need not satisfy the
    /// model's constraints: the mapping must carry whatever passed validation, and less is checked there than here.
    /// </summary>
    private static Gen<string> ModelJson(ShapeModel shape, bool everyMember) => Node(shape, everyMember).Select(n => n.ToJsonString());

    private static Gen<JsonNode> Node(ShapeModel shape, bool everyMember) => shape.Type switch
    {
        ShapeType.Structure => Structure(shape, everyMember),
        ShapeType.List => Gen.Choose(everyMember ? 1 : 0, 3)
            .SelectMany(n => Node(shape.ListMemberShape!, everyMember).ArrayOf(n))
            .Select(items => (JsonNode)new JsonArray(items.ToArray<JsonNode?>())),
        ShapeType.Map => Gen.Choose(everyMember ? 1 : 0, 3)
            .SelectMany(n => Gen.Zip(Gen.Elements("k1", "b", "a", "z-key", "ü"), Node(shape.MapValueShape!, everyMember)).ArrayOf(n))
            .Select(entries =>
            {
                var map = new JsonObject();
                foreach (var (key, value) in entries.DistinctBy(e => e.Item1)) map[key] = value;
                return (JsonNode)map;
            }),
        ShapeType.Integer or ShapeType.Long => Gen.Choose(0, 100_000).Select(n => (JsonNode)JsonValue.Create(n)),
        ShapeType.Boolean => Gen.Elements(true, false).Select(b => (JsonNode)JsonValue.Create(b)),
        ShapeType.String when shape.Enum is { Count: > 0 } values => Gen.Elements(values.ToArray()).Select(v => (JsonNode)JsonValue.Create(v)),
        ShapeType.String => Gen.Elements(Texts).Select(v => (JsonNode)JsonValue.Create(v)),
        _ => throw new NotSupportedException($"{shape} does not occur in a Target"),
    };

    private static Gen<JsonNode> Structure(ShapeModel shape, bool everyMember)
    {
        var members = shape.Members.Select(member =>
            (everyMember || member.Required ? Gen.Constant(true) : Gen.Elements(true, false))
            .SelectMany(include => include
                ? Node(member.Target, everyMember).Select(value => (member.Name, Value: (JsonNode?)value))
                : Gen.Constant((member.Name, Value: (JsonNode?)null))));
        return Gen.CollectToArray(members).Select(parts =>
        {
            var node = new JsonObject();
            foreach (var (name, value) in parts)
            {
                if (value is not null) node[name] = value;
            }
            return (JsonNode)node;
        });
    }
}
