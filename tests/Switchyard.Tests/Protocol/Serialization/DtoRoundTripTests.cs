using System.Text;
using System.Text.Json;
using Switchyard.Protocol.Model;
using Switchyard.Protocol.Model.Serialization;

namespace Switchyard.Tests.Protocol.Serialization;

/// <summary>DTOs through the source-generated EventsJsonContext: wire names, epoch-second timestamps, omitted nulls.</summary>
public class DtoRoundTripTests
{
    [Fact]
    public void RequestDto_ReadsWireNamesAndEpochSeconds()
    {
        var json = """{"Entries":[{"Time":1700000000.5,"Source":"my.app","Resources":["r"],"DetailType":"t","Detail":"{}"}],"EndpointId":"abc.xyz"}""";
        var request = JsonSerializer.Deserialize(json, EventsJsonContext.Default.PutEventsRequest)!;

        var entry = Assert.Single(request.Entries!);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_500), entry.Time);
        Assert.Equal("my.app", entry.Source);
        Assert.Equal(["r"], entry.Resources!);
        Assert.Null(entry.EventBusName);
        Assert.Equal("abc.xyz", request.EndpointId);
    }

    [Fact]
    public void ResponseDto_OmitsNullsAndWritesEpochSeconds()
    {
        var response = new DescribeEventBusResponse
        {
            Name = "default",
            Arn = "arn:aws:events:us-east-1:123456789012:event-bus/default",
            CreationTime = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123),
            LastModifiedTime = DateTimeOffset.FromUnixTimeSeconds(1_700_000_001),
            LogConfig = new LogConfig { Level = "INFO" },
        };

        var json = JsonSerializer.Serialize(response, EventsJsonContext.Default.DescribeEventBusResponse);

        Assert.Equal(
            """{"Name":"default","Arn":"arn:aws:events:us-east-1:123456789012:event-bus/default","LogConfig":{"Level":"INFO"},"CreationTime":1700000000.123,"LastModifiedTime":1700000001}""",
            json);
    }

    [Fact]
    public void Timestamps_RoundTripAtMillisecondPrecision()
    {
        var original = new PutEventsRequestEntry { Time = DateTimeOffset.FromUnixTimeMilliseconds(1_704_067_200_010) };
        var json = JsonSerializer.Serialize(original, EventsJsonContext.Default.PutEventsRequestEntry);
        Assert.Equal("""{"Time":1704067200.01}""", json);
        var back = JsonSerializer.Deserialize(json, EventsJsonContext.Default.PutEventsRequestEntry)!;
        Assert.Equal(original.Time, back.Time);
    }

    [Fact]
    public void Timestamps_OutOfRange_Saturate()
    {
        var late = JsonSerializer.Deserialize("""{"Time":1e20}""", EventsJsonContext.Default.PutEventsRequestEntry)!;
        Assert.Equal(DateTimeOffset.MaxValue.ToUnixTimeMilliseconds(), late.Time!.Value.ToUnixTimeMilliseconds());
        var early = JsonSerializer.Deserialize("""{"Time":-1e400}""", EventsJsonContext.Default.PutEventsRequestEntry)!;
        Assert.Equal(DateTimeOffset.MinValue, early.Time);
    }

    [Fact]
    public void LowerCaseWireMembers_KeepTheirWireNames()
    {
        var item = new CapacityProviderStrategyItem { CapacityProvider = "FARGATE", Weight = 1, Base = 0 };
        var json = JsonSerializer.Serialize(item, EventsJsonContext.Default.CapacityProviderStrategyItem);
        Assert.Equal("""{"capacityProvider":"FARGATE","weight":1,"base":0}""", json);
    }

    [Fact]
    public void Numbers_AndBooleans_AreReadAsAwsReadsThem()
    {
        var list = JsonSerializer.Deserialize("""{"Limit":5.9}""", EventsJsonContext.Default.ListEventBusesRequest)!;
        Assert.Equal(5, list.Limit);

        var remove = JsonSerializer.Deserialize("""{"RemoveAllPermissions":"TRUE"}""", EventsJsonContext.Default.RemovePermissionRequest)!;
        Assert.True(remove.RemoveAllPermissions);
    }

    [Fact]
    public void ErrorShapes_CarryALowerCaseMessage()
    {
        var error = new ResourceNotFoundException { Message = "Event bus nope does not exist." };
        var json = JsonSerializer.Serialize(error, EventsJsonContext.Default.ResourceNotFoundException);
        Assert.Equal("""{"message":"Event bus nope does not exist."}""", json);
    }

    [Fact]
    public void ReadInput_ByOperation_GivesTheInputDto()
    {
        Assert.True(ServiceModel.TryGetOperation("PutPermission", out var op));
        using var document = JsonDocument.Parse("""{"Principal":"111122223333","StatementId":"s","Action":"events:PutEvents","Condition":{"Type":"StringEquals","Key":"aws:PrincipalOrgID","Value":"o-1"}}""");

        var input = Assert.IsType<PutPermissionRequest>(EventsJson.ReadInput(op, document.RootElement));

        Assert.Equal("111122223333", input.Principal);
        Assert.Equal("o-1", input.Condition!.Value);
        Assert.Null(input.Policy);
    }

    [Fact]
    public void ReadInput_TypedForm_TreatsNullAsEmpty()
    {
        using var document = JsonDocument.Parse("null");
        var input = EventsJson.ReadInput(document.RootElement, EventsJson.Context.ListEventBusesRequest);
        Assert.Null(input.Limit);
    }

    [Fact]
    public void WriteOutput_ByOperation()
    {
        Assert.True(ServiceModel.TryGetOperation("CreateEventBus", out var create));
        var body = EventsJson.WriteOutput(create, new CreateEventBusResponse { EventBusArn = "arn:x" });
        Assert.Equal("""{"EventBusArn":"arn:x"}""", Encoding.UTF8.GetString(body));

        Assert.True(ServiceModel.TryGetOperation("PutPermission", out var put));
        Assert.Equal("{}", Encoding.UTF8.GetString(EventsJson.WriteOutput(put, null)));

        Assert.Throws<InvalidOperationException>(() => EventsJson.WriteOutput(create, new DescribeEventBusResponse()));
        Assert.Throws<InvalidOperationException>(() => EventsJson.WriteOutput(put, new CreateEventBusResponse()));
    }

    [Fact]
    public void WriteError_IsAwsJsonErrorBody()
    {
        Assert.Equal("""{"__type":"ResourceNotFoundException","message":"Event bus b does not exist."}""",
            Encoding.UTF8.GetString(EventsJson.WriteError(AwsErrorCodes.ResourceNotFoundException, "Event bus b does not exist.")));
        Assert.Equal("""{"__type":"SerializationException"}""",
            Encoding.UTF8.GetString(EventsJson.WriteError(AwsErrorCodes.SerializationException, null)));
    }

    [Fact]
    public void EveryStructureShape_HasSourceGeneratedMetadata()
    {
        foreach (var shape in ServiceModel.Shapes.Where(s => s.Type == ShapeType.Structure))
        {
            Assert.NotNull(shape.ClrType);
            Assert.NotNull(EventsJsonContext.Default.GetTypeInfo(shape.ClrType));
        }
    }
}
