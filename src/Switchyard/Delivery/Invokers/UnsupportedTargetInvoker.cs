using Switchyard.Domain;

namespace Switchyard.Delivery.Invokers;

/// <summary>
/// Targets of a kind Switchyard does not deliver to (SNS, Kinesis, Step Functions, ...). PutTargets accepts them as
/// AWS does; each delivery then fails visibly (metrics, log line, dead-letter queue) rather than vanishing. The
/// dispatcher uses this when no registered invoker takes the ARN.
/// </summary>
public sealed class UnsupportedTargetInvoker : ITargetInvoker
{
    public bool CanHandle(ParsedArn targetArn) => true;

    public ValueTask<InvocationResult> InvokeAsync(TargetInvocation invocation, CancellationToken cancellation) =>
        ValueTask.FromResult(InvocationResult.Failure(DeliveryErrorCodes.UnsupportedTarget,
            $"Switchyard does not deliver to {invocation.TargetArn.Service} targets ({invocation.Target.Arn})", retryable: false));
}
