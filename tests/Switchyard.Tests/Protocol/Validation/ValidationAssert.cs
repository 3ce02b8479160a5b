using System.Text.Json;
using Switchyard.Protocol.Model;
using Switchyard.Protocol.Model.Validation;

namespace Switchyard.Tests.Protocol.Validation;

/// <summary>Runs RequestValidator on a JSON text for a named operation and asserts on the AWS error it produces.</summary>
internal static class ValidationAssert
{
    public static ValidationOutcome Validate(string operation, string json)
    {
        Assert.True(ServiceModel.TryGetOperation(operation, out var op), $"no operation {operation}");
        using var document = JsonDocument.Parse(json);
        return RequestValidator.Validate(op, document.RootElement);
    }

    public static void Valid(string operation, string json)
    {
        var outcome = Validate(operation, json);
        Assert.True(outcome.IsValid, outcome.ToString());
    }

    public static void ValidationError(string operation, string json, string expectedMessage)
    {
        var outcome = Validate(operation, json);
        Assert.Equal(AwsErrorCodes.ValidationException, outcome.ErrorCode);
        Assert.Equal(expectedMessage, outcome.Message);
    }

    public static void SerializationError(string operation, string json, string? expectedMessage)
    {
        var outcome = Validate(operation, json);
        Assert.Equal(AwsErrorCodes.SerializationException, outcome.ErrorCode);
        Assert.Equal(expectedMessage, outcome.Message);
    }
}
