using System.Text;
using Amazon.SQS.Model;
using Switchyard.Domain;

namespace Switchyard.Delivery.Invokers;

/// <summary>
/// SQS queue targets (<c>arn:aws:sqs:REGION:ACCOUNT:NAME</c>): one SendMessage per event. FIFO queues get the
/// target's <c>SqsParameters.MessageGroupId</c> and the event id as deduplication id, as EventBridge does.
/// </summary>
public sealed class SqsTargetInvoker(SqsClientProvider sqs) : ITargetInvoker
{
    public bool CanHandle(ParsedArn targetArn) => targetArn.Service == "sqs";

    public async ValueTask<InvocationResult> InvokeAsync(TargetInvocation invocation, CancellationToken cancellation)
    {
        var queue = invocation.TargetArn;
        try
        {
            var request = new SendMessageRequest
            {
                QueueUrl = await sqs.QueueUrlAsync(queue, cancellation),
                MessageBody = Encoding.UTF8.GetString(invocation.Payload),
            };
            if (queue.Resource.EndsWith(".fifo", StringComparison.Ordinal))
            {
                request.MessageGroupId = invocation.Target.SqsParameters?.MessageGroupId;
                request.MessageDeduplicationId = invocation.Event.EventId;
            }
            await sqs.ClientFor(queue.Region).SendMessageAsync(request, cancellation);
            return InvocationResult.Success;
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            if (error is QueueDoesNotExistException) sqs.Forget(queue);
            return SqsErrors.Classify(error);
        }
    }
}
