namespace Switchyard.Delivery.Dispatch;

/// <summary>Sends a failed event to a target's dead-letter queue (an SQS queue ARN).</summary>
public interface IDeadLetterSender
{
    /// <summary>Null when sent; otherwise why not.</summary>
    ValueTask<string?> SendAsync(string queueArn, DeadLetter letter, CancellationToken cancellation);
}

/// <summary>
/// What EventBridge puts on a dead-letter queue: the original event as the body, and message attributes naming the
/// rule, the target, the error and why retrying stopped.
/// </summary>
/// <param name="ExhaustedRetryCondition"><c>MaximumRetryAttempts</c> or <c>MaximumEventAgeInSeconds</c>; null when the
/// error was not retryable (AWS sends those straight to the queue).</param>
/// <param name="RetryAttempts">Retries made (attempts after the first).</param>
/// <param name="RuleArn">The rule's ARN, or for an EventBridge Scheduler invocation the schedule's (then the letter
/// carries SCHEDULE_ARN and <paramref name="ExecutionId"/> as EXECUTION_ID, Scheduler's attribute names).</param>
public sealed record DeadLetter(
    byte[] Event,
    string RuleArn,
    string TargetArn,
    string ErrorCode,
    string ErrorMessage,
    string? ExhaustedRetryCondition,
    int RetryAttempts,
    string? ExecutionId = null);
