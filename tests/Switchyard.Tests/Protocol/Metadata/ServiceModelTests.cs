using Switchyard.Protocol.Model;

namespace Switchyard.Tests.Protocol.Metadata;

/// <summary>The generated model tables: metadata, operation lookup, shapes and error codes.</summary>
public class ServiceModelTests
{
    [Fact]
    public void Metadata_IsEventBridgeJson11()
    {
        Assert.Equal("AWSEvents", ServiceModel.Metadata.TargetPrefix);
        Assert.Equal("1.1", ServiceModel.Metadata.JsonVersion);
        Assert.Equal("events", ServiceModel.Metadata.SigningName);
        Assert.Equal("application/x-amz-json-1.1", ServiceModel.Metadata.ContentType);
    }

    [Fact]
    public void AllFiftySevenOperationsAreThere()
    {
        Assert.Equal(57, ServiceModel.Operations.Count);
        Assert.All(ServiceModel.Operations, op =>
        {
            Assert.NotNull(op.Input);
            Assert.Equal(op.Input!.ClrType, op.InputType);
            Assert.Equal(op.Output?.ClrType, op.OutputType);
            Assert.Contains(AwsErrorCodes.InternalException, op.Errors);
        });
    }

    [Fact]
    public void TryGetOperation_FindsByExactName()
    {
        Assert.True(ServiceModel.TryGetOperation("PutPermission", out var op));
        Assert.Equal("PutPermissionRequest", op.InputShape);
        Assert.Equal(typeof(PutPermissionRequest), op.InputType);
        Assert.Null(op.OutputShape);
        Assert.Null(op.OutputType);
        Assert.Equal(
            ["ResourceNotFoundException", "PolicyLengthExceededException", "InternalException",
             "ConcurrentModificationException", "OperationDisabledException"],
            op.Errors);

        Assert.True(ServiceModel.TryGetOperation("DescribeEventBus", out var describe));
        Assert.Equal(typeof(DescribeEventBusResponse), describe.OutputType);

        Assert.False(ServiceModel.TryGetOperation("putPermission", out _));
        Assert.False(ServiceModel.TryGetOperation("NoSuchOperation", out _));
    }

    [Theory]
    [InlineData("AWSEvents.PutPermission", "PutPermission")]
    [InlineData("AWSEvents.ListEventBuses", "ListEventBuses")]
    [InlineData("AWSEvents.NoSuchOperation", null)]
    [InlineData("AWSEvents.", null)]
    [InlineData("AWSEvents", null)]
    [InlineData("DynamoDB_20120810.PutPermission", null)]
    [InlineData("awsevents.PutPermission", null)]
    [InlineData(null, null)]
    public void TryGetOperationForTarget_ReadsTheXAmzTargetHeader(string? header, string? operation)
    {
        var found = ServiceModel.TryGetOperationForTarget(header, out var op);
        Assert.Equal(operation is not null, found);
        Assert.Equal(operation, op?.Name);
    }

    [Fact]
    public void Shapes_CarryTheirConstraints()
    {
        var principal = ServiceModel.GetShape("Principal");
        Assert.Equal(ShapeType.String, principal.Type);
        Assert.Equal(1, principal.Min);
        Assert.Equal(12, principal.Max);
        Assert.Equal(@"(\d{12}|\*)", principal.Pattern);
        Assert.NotNull(principal.PatternRegex);

        Assert.Equal(["OFF", "ERROR", "INFO", "TRACE"], ServiceModel.GetShape("Level").Enum!);

        var limit = ServiceModel.GetShape("LimitMax100");
        Assert.Equal(ShapeType.Integer, limit.Type);
        Assert.Equal((1L, 100L), (limit.Min!.Value, limit.Max!.Value));

        var request = ServiceModel.GetShape("PutTargetsRequest");
        Assert.Equal(["Rule", "EventBusName", "Targets"], request.Members.Select(m => m.Name));
        Assert.Equal([true, false, true], request.Members.Select(m => m.Required));
        Assert.Same(ServiceModel.GetShape("TargetList"), request.Members[2].Target);
        Assert.Same(ServiceModel.GetShape("Target"), request.Members[2].Target.ListMemberShape);

        var paths = ServiceModel.GetShape("TransformerPaths");
        Assert.Equal(ShapeType.Map, paths.Type);
        Assert.Equal("InputTransformerPathKey", paths.MapKey);
        Assert.Equal("TargetInputPath", paths.MapValue);
    }

    [Fact]
    public void EveryPattern_HasACompiledRegex()
    {
        var patterned = ServiceModel.Shapes.Where(s => s.Pattern is not null).ToList();
        Assert.Equal(58, patterned.Count);
        Assert.All(patterned, s => Assert.NotNull(s.PatternRegex));
        Assert.All(ServiceModel.Shapes.Where(s => s.Pattern is null), s => Assert.Null(s.PatternRegex));
    }

    [Fact]
    public void ErrorShapes_AreFlaggedAndInTheCatalog()
    {
        var errors = ServiceModel.Shapes.Where(s => s.IsException).Select(s => s.Name).ToList();
        Assert.Equal(13, errors.Count);
        Assert.Equal(errors, AwsErrorCodes.Modeled);
        Assert.True(ServiceModel.GetShape("InternalException").IsFault);
    }

    [Fact]
    public void AwsServiceException_StatusFollowsFaultFlag()
    {
        Assert.Equal(500, new AwsServiceException(AwsErrorCodes.InternalException, "boom").StatusCode);
        Assert.Equal(500, new AwsServiceException(AwsErrorCodes.InternalFailure, "boom").StatusCode);
        Assert.Equal(400, new AwsServiceException(AwsErrorCodes.ResourceNotFoundException, "nope").StatusCode);
        Assert.Equal(403, new AwsServiceException(AwsErrorCodes.AccessDeniedException, "no", 403).StatusCode);
        Assert.Equal("nope", new AwsServiceException(AwsErrorCodes.ResourceNotFoundException, "nope").Message);
    }

    [Fact]
    public void ProtocolErrorCodes_AreDefined()
    {
        Assert.Equal("UnknownOperationException", AwsErrorCodes.UnknownOperationException);
        Assert.Equal("MissingAuthenticationTokenException", AwsErrorCodes.MissingAuthenticationTokenException);
        Assert.Equal("IncompleteSignatureException", AwsErrorCodes.IncompleteSignatureException);
        Assert.Equal("UnrecognizedClientException", AwsErrorCodes.UnrecognizedClientException);
        Assert.Equal("InvalidSignatureException", AwsErrorCodes.InvalidSignatureException);
        Assert.Equal("ValidationException", AwsErrorCodes.ValidationException);
        Assert.Equal("SerializationException", AwsErrorCodes.SerializationException);
    }
}
