using System.Text;
using Amazon.SQS.Model;
using Switchyard.Domain;

namespace Switchyard.Delivery.Invokers;

/// <summary>
/// SQS queue targets (<c>arn:aws:sqs:REGION:ACCOUNT:NAME</c>): one SendMessage per event. FIFO queues get the
/// target's <c>SqsParameters.MessageGroupId</c> and the event id as deduplication id, as EventBridge does.
/// Another account's queue takes the event only where its queue policy (read from the SQS endpoint, as set with
/// SetQueueAttributes) allows <c>sqs:SendMessage</c> to the rule (<see cref="TargetAccess"/>).
/// </summary>
public sealed class SqsTargetInvoker(SqsClientProvider sqs, TargetAccess access) : ITargetInvoker
{
    private static readonly string[] Actions = ["sqs:SendMessage"];

    public bool CanHandle(ParsedArn targetArn) => targetArn.Service == "sqs";

    public async ValueTask<InvocationResult> InvokeAsync(TargetInvocation invocation, CancellationToken cancellation)
    {
        var queue = invocation.TargetArn;
        try
        {
            var queueUrl = await sqs.QueueUrlAsync(queue, cancellation);
            if (queue.AccountId != invocation.Rule.Scope.AccountId)
            {
                // Read at each delivery, so a grant or a revoke counts from the next event on.
                var policy = await sqs.QueuePolicyAsync(queue, queueUrl, cancellation);
                if (access.Check(invocation, queue.AccountId, invocation.Target.Arn, Actions, new TargetGrant([], policy is null ? [] : [policy]), "queue") is { } refused)
                    return refused;
            }
            var request = new SendMessageRequest
            {
                QueueUrl = queueUrl,
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
