namespace Switchyard.Protocol.Model.Validation;

/// <summary>
/// The result of checking a request body against its operation's input shape: accepted, or the AWS error to send
/// (<see cref="AwsErrorCodes.SerializationException"/> or <see cref="AwsErrorCodes.ValidationException"/>, HTTP 400).
/// </summary>
public sealed class ValidationOutcome
{
    public static ValidationOutcome Ok { get; } = new(null, null, []);

    private ValidationOutcome(string? errorCode, string? message, IReadOnlyList<string> violations)
    {
        ErrorCode = errorCode;
        Message = message;
        Violations = violations;
    }

    public bool IsValid => ErrorCode is null;

    /// <summary>Null when valid.</summary>
    public string? ErrorCode { get; }

    /// <summary>
    /// The "message" to send. Null when valid, and also for a body that is not JSON at all, which AWS answers with
    /// a bare <c>{"__type":"SerializationException"}</c>.
    /// </summary>
    public string? Message { get; }

    /// <summary>For a ValidationException, each "Value ... failed to satisfy constraint: ..." part, in order.</summary>
    public IReadOnlyList<string> Violations { get; }

    public static ValidationOutcome Serialization(string? message) =>
        new(AwsErrorCodes.SerializationException, message, []);

    /// <summary>AWS's summary: "1 validation error detected: a" or "2 validation errors detected: a; b".</summary>
    public static ValidationOutcome Validation(IReadOnlyList<string> violations)
    {
        if (violations.Count == 0) throw new ArgumentException("At least one violation is required.", nameof(violations));
        var plural = violations.Count == 1 ? "error" : "errors";
        var message = $"{violations.Count} validation {plural} detected: {string.Join("; ", violations)}";
        return new(AwsErrorCodes.ValidationException, message, violations);
    }

    /// <summary>The outcome as the exception handlers throw; only for a failed outcome.</summary>
    public AwsServiceException ToException() =>
        ErrorCode is null
            ? throw new InvalidOperationException("A valid request has no error.")
            : new AwsServiceException(ErrorCode, Message);

    /// <summary>Throws the outcome's AwsServiceException unless the request was valid.</summary>
    public void ThrowIfInvalid()
    {
        if (!IsValid) throw ToException();
    }

    public override string ToString() => IsValid ? "OK" : $"{ErrorCode}: {Message}";
}
