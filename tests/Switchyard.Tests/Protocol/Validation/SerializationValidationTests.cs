using System.Text;
using Switchyard.Protocol.Model;
using Switchyard.Protocol.Model.Validation;
using static Switchyard.Tests.Protocol.Validation.ValidationAssert;

namespace Switchyard.Tests.Protocol.Validation;

/// <summary>SerializationException texts for JSON values of the wrong type (AWS's Coral front-end wording).</summary>
public class SerializationValidationTests
{
    private const string NumberAsString =
        "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String";

    [Theory]
    [InlineData("[]", "Start of list found where not expected")]
    [InlineData("\"text\"", "Expected null")]
    [InlineData("42", "Expected null")]
    [InlineData("true", "Expected null")]
    public void BodyThatIsNotAnObject(string body, string message) =>
        SerializationError("ListEventBuses", body, message);

    [Theory]
    [InlineData("5", NumberAsString)]
    [InlineData("1.5", NumberAsString)]
    [InlineData("true", "class java.lang.Boolean can not be converted to an String")]
    [InlineData("{}", "Start of structure or map found where not expected.")]
    [InlineData("[\"a\"]", "Start of list found where not expected")]
    public void StringMember(string value, string message) =>
        SerializationError("CreateEventBus", $$"""{"Name":{{value}}}""", message);

    [Theory]
    [InlineData("\"10\"", "class java.lang.String can not be converted to an Integer")]
    [InlineData("false", "class java.lang.Boolean can not be converted to an Integer")]
    [InlineData("{}", "Start of structure or map found where not expected.")]
    [InlineData("[]", "Start of list found where not expected")]
    public void IntegerMember(string value, string message) =>
        SerializationError("ListEventBuses", $$"""{"Limit":{{value}}}""", message);

    [Theory]
    [InlineData("\"maybe\"", "'MAYBE' can not be converted to an Boolean")]
    [InlineData("1", "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an Boolean")]
    [InlineData("{}", "Start of structure or map found where not expected.")]
    public void BooleanMember(string value, string message) =>
        SerializationError("RemovePermission", $$"""{"RemoveAllPermissions":{{value}}}""", message);

    [Theory]
    [InlineData("\"true\"")]
    [InlineData("\"No\"")]
    [InlineData("\"1\"")]
    public void BooleanMember_AcceptsTheStringsAwsConverts(string value) =>
        Valid("RemovePermission", $$"""{"RemoveAllPermissions":{{value}}}""");

    [Theory]
    [InlineData("\"2024-01-01T00:00:00Z\"", "class java.lang.String can not be converted to milliseconds since epoch")]
    [InlineData("true", "class java.lang.Boolean can not be converted to milliseconds since epoch")]
    public void TimestampMember(string value, string message) =>
        SerializationError("PutEvents", $$"""{"Entries":[{"Time":{{value}}}]}""", message);

    [Theory]
    [InlineData("\"x\"", "Expected list or null")]
    [InlineData("3", "Expected list or null")]
    [InlineData("{}", "Start of structure or map found where not expected.")]
    public void ListMember(string value, string message) =>
        SerializationError("PutTargets", $$"""{"Rule":"r","Targets":{{value}}}""", message);

    [Theory]
    [InlineData("\"x\"", "Expected null")]
    [InlineData("[]", "Start of list found where not expected")]
    public void StructureMember(string value, string message) =>
        SerializationError("PutPermission", $$"""{"Condition":{{value}}}""", message);

    [Theory]
    [InlineData("\"x\"", "Expected map or null")]
    [InlineData("[]", "Start of list found where not expected")]
    public void MapMember(string value, string message) =>
        SerializationError("PutTargets",
            """{"Rule":"r","Targets":[{"Id":"t","Arn":"a","InputTransformer":{"InputTemplate":"x","InputPathsMap":VALUE}}]}"""
                .Replace("VALUE", value),
            message);

    [Fact]
    public void MapValueOfWrongType() =>
        SerializationError("PutTargets",
            """{"Rule":"r","Targets":[{"Id":"t","Arn":"a","InputTransformer":{"InputTemplate":"x","InputPathsMap":{"k":7}}}]}""",
            NumberAsString);

    [Fact]
    public void ScalarListElementOfWrongType() =>
        SerializationError("PutEvents", """{"Entries":[{"Resources":["ok",3]}]}""", NumberAsString);

    [Fact]
    public void NestedListElementOfWrongType() =>
        SerializationError("PutTargets", """{"Rule":"r","Targets":[{"Id":"t","Arn":"a"},"not a target"]}""", "Expected null");

    [Fact]
    public void TypeErrorsWinOverConstraintErrors()
    {
        // Name is missing (a constraint error) but Limit has the wrong type: AWS never gets to validation.
        SerializationError("CreateEventBus", """{"Tags":"x"}""", "Expected list or null");
    }

    [Fact]
    public void FirstMismatchInModelOrderIsReported()
    {
        // StatementId precedes RemoveAllPermissions in the model, whatever the order in the body.
        SerializationError("RemovePermission", """{"RemoveAllPermissions":"maybe","StatementId":5}""", NumberAsString);
    }

    [Fact]
    public void MalformedJson_IsSerializationExceptionWithoutMessage()
    {
        Assert.True(ServiceModel.TryGetOperation("CreateEventBus", out var op));
        var outcome = RequestValidator.Validate(op, Encoding.UTF8.GetBytes("{\"Name\":"), out var document);
        Assert.Null(document);
        Assert.Equal(AwsErrorCodes.SerializationException, outcome.ErrorCode);
        Assert.Null(outcome.Message);
    }

    [Fact]
    public void EmptyBody_ReadsAsEmptyObject()
    {
        Assert.True(ServiceModel.TryGetOperation("ListEventBuses", out var list));
        var ok = RequestValidator.Validate(list, ReadOnlyMemory<byte>.Empty, out var document);
        Assert.True(ok.IsValid);
        Assert.NotNull(document);
        document.Dispose();

        Assert.True(ServiceModel.TryGetOperation("CreateEventBus", out var create));
        var missing = RequestValidator.Validate(create, ReadOnlyMemory<byte>.Empty, out _);
        Assert.Equal("1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
            missing.Message);
    }

    [Fact]
    public void FailedOutcome_BecomesAnAwsServiceExceptionWithStatus400()
    {
        var outcome = Validate("CreateEventBus", "{}");
        var exception = Assert.Throws<AwsServiceException>(outcome.ThrowIfInvalid);
        Assert.Equal(AwsErrorCodes.ValidationException, exception.ErrorCode);
        Assert.Equal(400, exception.StatusCode);
        Assert.Equal(outcome.Message, exception.ErrorMessage);
    }
}
