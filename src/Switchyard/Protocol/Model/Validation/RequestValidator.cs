using System.Text.Json;

namespace Switchyard.Protocol.Model.Validation;

/// <summary>
/// Checks a request body against its operation's input shape, driven entirely by the generated model tables:
/// JSON types first (SerializationException, first mismatch only), then every constraint (ValidationException
/// listing all violations in model order). Members the model does not know are ignored, as AWS ignores them.
/// </summary>
public static class RequestValidator
{
    /// <summary>How deeply a request body may nest; readers of request bodies elsewhere use the same.</summary>
    public const int MaxDepth = 256;

    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = MaxDepth };

    /// <summary>Validates an already parsed body. A JSON null body counts as an empty object.</summary>
    public static ValidationOutcome Validate(OperationModel op, JsonElement body)
    {
        var input = op.Input;
        if (input is null) return ValidationOutcome.Ok;

        var mismatch = JsonTypeChecker.FindMismatch(input, body);
        if (mismatch is not null) return ValidationOutcome.Serialization(mismatch);

        var checker = new ConstraintChecker();
        checker.CheckStructure(input, body, path: "");
        return checker.Violations.Count == 0 ? ValidationOutcome.Ok : ValidationOutcome.Validation(checker.Violations);
    }

    /// <summary>
    /// Parses and validates a raw UTF-8 body. An empty body reads as <c>{}</c>; a body that is not JSON is a
    /// SerializationException without a message. On success <paramref name="document"/> holds the parsed body
    /// (the caller disposes it) for deserializing the input DTO.
    /// </summary>
    public static ValidationOutcome Validate(OperationModel op, ReadOnlyMemory<byte> utf8Body, out JsonDocument? document)
    {
        document = null;
        var body = IsBlank(utf8Body.Span) ? "{}"u8.ToArray() : utf8Body;
        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(body, ParseOptions);
        }
        catch (JsonException)
        {
            return ValidationOutcome.Serialization(null);
        }

        ValidationOutcome outcome;
        try
        {
            outcome = Validate(op, parsed.RootElement);
        }
        catch (InvalidOperationException)
        {
            // Valid JSON that .NET cannot read as a string: an escaped lone surrogate ("\ud800"). Refused like a
            // body that does not parse (docs/compat.md).
            outcome = ValidationOutcome.Serialization(null);
        }
        if (outcome.IsValid)
        {
            document = parsed;
        }
        else
        {
            parsed.Dispose();
        }
        return outcome;
    }

    private static bool IsBlank(ReadOnlySpan<byte> body)
    {
        foreach (var b in body)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return false;
        }
        return true;
    }
}
