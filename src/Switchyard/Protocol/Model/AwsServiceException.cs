namespace Switchyard.Protocol.Model;

/// <summary>
/// An AWS error to send to the caller: handlers throw it and the server renders
/// <c>{"__type":ErrorCode,"message":Message}</c> with <see cref="StatusCode"/>.
/// </summary>
public sealed class AwsServiceException : Exception
{
    public AwsServiceException(string errorCode, string? message, int? statusCode = null)
        : base(message ?? errorCode)
    {
        ErrorCode = errorCode;
        ErrorMessage = message;
        StatusCode = statusCode ?? DefaultStatusCode(errorCode);
    }

    /// <summary>The "__type" code, one of <see cref="AwsErrorCodes"/>.</summary>
    public string ErrorCode { get; }

    /// <summary>The "message" text; null when AWS sends none (e.g. a body that is not JSON).</summary>
    public string? ErrorMessage { get; }

    /// <summary>HTTP status: 400 for client errors, 500 for server faults (InternalException, InternalFailure).</summary>
    public int StatusCode { get; }

    public static int DefaultStatusCode(string errorCode) => AwsErrorCodes.ServerFaults.Contains(errorCode) ? 500 : 400;
}
