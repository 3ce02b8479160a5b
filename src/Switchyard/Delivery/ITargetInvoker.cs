using Switchyard.Domain;
using Switchyard.Domain.Rules;
using Switchyard.Domain.Routing;
using Switchyard.Domain.Targets;

namespace Switchyard.Delivery;

/// <summary>
/// Delivers one event to one kind of target (SQS, Lambda, API destination, another bus, ...). The dispatcher picks
/// the first invoker whose <see cref="CanHandle"/> accepts the target's ARN; retries, dead-lettering and metrics are
/// the dispatcher's, so an invoker only makes one attempt and says how it went.
/// </summary>
public interface ITargetInvoker
{
    bool CanHandle(ParsedArn targetArn);

    ValueTask<InvocationResult> InvokeAsync(TargetInvocation invocation, CancellationToken cancellation);
}

/// <param name="Payload">What the target receives, after Input / InputPath / InputTransformer were applied.</param>
/// <param name="Attempt">1 for the first attempt.</param>
public sealed record TargetInvocation(Rule Rule, RuleTarget Target, ParsedArn TargetArn, AcceptedEvent Event, byte[] Payload, int Attempt);

/// <summary>The outcome of one attempt. <see cref="ErrorCode"/> uses the dead-letter ERROR_CODE values.</summary>
public sealed record InvocationResult(bool Succeeded, string? ErrorCode, string? ErrorMessage, bool Retryable)
{
    public static readonly InvocationResult Success = new(true, null, null, false);

    public static InvocationResult Failure(string errorCode, string message, bool retryable) => new(false, errorCode, message, retryable);
}

/// <summary>The ERROR_CODE values EventBridge writes on dead-lettered events.</summary>
public static class DeliveryErrorCodes
{
    public const string NoPermissions = "NO_PERMISSIONS";
    public const string NoResource = "NO_RESOURCE";
    public const string ResourceAlreadyExists = "RESOURCE_ALREADY_EXISTS";
    public const string Throttling = "THROTTLING";
    public const string Timeout = "TIMEOUT";
    public const string SdkClientError = "SDK_CLIENT_ERROR";
    public const string ThirdPartyError = "THIRD_PARTY_ERROR";
    public const string UnsupportedTarget = "UNSUPPORTED_TARGET";
}
