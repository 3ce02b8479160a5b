using System.Globalization;
using System.Text;
using Amazon.SQS.Model;
using Switchyard.Delivery.Invokers;
using Switchyard.Domain;

namespace Switchyard.Delivery.Dispatch;

/// <summary>
/// Dead-letter queues over SQS, with AWS's attribute names. A queue of another account than the rule's takes the
/// letter only where its queue policy allows <c>sqs:SendMessage</c> to <c>events.amazonaws.com</c> for the rule, as
/// AWS requires (<see cref="TargetAccess"/>).
/// </summary>
public sealed class SqsDeadLetterSender(SqsClientProvider sqs, TargetAccess access) : IDeadLetterSender
{
    private static readonly string[] Actions = ["sqs:SendMessage"];

    public async ValueTask<string?> SendAsync(string queueArn, DeadLetter letter, CancellationToken cancellation)
    {
        if (!Arns.TryParse(queueArn, out var queue) || queue.Service != "sqs") return $"{queueArn} is not an SQS queue ARN";
        var fromSchedule = letter.ExecutionId is not null;
        var attributes = new Dictionary<string, MessageAttributeValue>
        {
            [fromSchedule ? "SCHEDULE_ARN" : "RULE_ARN"] = Text(letter.RuleArn),
            ["TARGET_ARN"] = Text(letter.TargetArn),
            ["ERROR_CODE"] = Text(letter.ErrorCode),
            ["ERROR_MESSAGE"] = Text(letter.ErrorMessage.Length == 0 ? letter.ErrorCode : letter.ErrorMessage),
            ["RETRY_ATTEMPTS"] = new MessageAttributeValue { DataType = "Number", StringValue = letter.RetryAttempts.ToString(CultureInfo.InvariantCulture) },
        };
        if (letter.ExhaustedRetryCondition is { } condition) attributes["EXHAUSTED_RETRY_CONDITION"] = Text(condition);
        if (letter.ExecutionId is { } executionId) attributes["EXECUTION_ID"] = Text(executionId);
        try
        {
            var queueUrl = await sqs.QueueUrlAsync(queue, cancellation);
            var ruleAccount = Arns.TryParse(letter.RuleArn, out var rule) ? rule.AccountId : "";
            if (queue.AccountId != ruleAccount)
            {
                var policy = await sqs.QueuePolicyAsync(queue, queueUrl, cancellation);
                if (access.Check(ruleAccount, letter.RuleArn, null, queue.AccountId, queueArn, Actions,
                        new TargetGrant([], policy is null ? [] : [policy]), "queue") is { } refused)
                    return refused.ErrorMessage;
            }
            await sqs.ClientFor(queue.Region).SendMessageAsync(new SendMessageRequest
            {
                QueueUrl = queueUrl,
                MessageBody = Encoding.UTF8.GetString(letter.Event),
                MessageAttributes = attributes,
            }, cancellation);
            return null;
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            if (error is QueueDoesNotExistException) sqs.Forget(queue);
            return error.Message;
        }
    }

    private static MessageAttributeValue Text(string value) => new() { DataType = "String", StringValue = value };
}
