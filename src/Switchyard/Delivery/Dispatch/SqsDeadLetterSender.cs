using System.Globalization;
using System.Text;
using Amazon.SQS.Model;
using Switchyard.Delivery.Invokers;
using Switchyard.Domain;

namespace Switchyard.Delivery.Dispatch;

/// <summary>Dead-letter queues over SQS, with AWS's attribute names.</summary>
public sealed class SqsDeadLetterSender(SqsClientProvider sqs) : IDeadLetterSender
{
    public async ValueTask<string?> SendAsync(string queueArn, DeadLetter letter, CancellationToken cancellation)
    {
        if (!Arns.TryParse(queueArn, out var queue) || queue.Service != "sqs") return $"{queueArn} is not an SQS queue ARN";
        var attributes = new Dictionary<string, MessageAttributeValue>
        {
            ["RULE_ARN"] = Text(letter.RuleArn),
            ["TARGET_ARN"] = Text(letter.TargetArn),
            ["ERROR_CODE"] = Text(letter.ErrorCode),
            ["ERROR_MESSAGE"] = Text(letter.ErrorMessage.Length == 0 ? letter.ErrorCode : letter.ErrorMessage),
            ["RETRY_ATTEMPTS"] = new MessageAttributeValue { DataType = "Number", StringValue = letter.RetryAttempts.ToString(CultureInfo.InvariantCulture) },
        };
        if (letter.ExhaustedRetryCondition is { } condition) attributes["EXHAUSTED_RETRY_CONDITION"] = Text(condition);
        try
        {
            await sqs.ClientFor(queue.Region).SendMessageAsync(new SendMessageRequest
            {
                QueueUrl = await sqs.QueueUrlAsync(queue, cancellation),
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
