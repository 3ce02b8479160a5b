using Switchyard.Domain.Routing;
using System.Text;
using System.Text.Json;
using Switchyard.Delivery;
using Switchyard.Delivery.Dispatch;
using Switchyard.Delivery.Journal;
using Switchyard.Domain;
using Switchyard.Domain.Rules;
using EventsTargets = Switchyard.Domain.Targets;

namespace Switchyard.Scheduler.Firing;

/// <summary>
/// Turns a journaled <see cref="ScheduledInvocation"/> into a delivery the dispatcher runs with the existing invokers,
/// retries and dead letters. What each target receives is what AWS documents for Scheduler's templated targets: the
/// input as is for SQS, Lambda and log groups; for an EventBridge bus an event with the target's
/// EventBridgeParameters source and detail-type and the input as its <c>detail</c>. The universal target
/// <c>arn:aws:scheduler:::aws-sdk:sqs:sendMessage</c> becomes an SQS delivery of its MessageBody to its QueueUrl's
/// queue; other universal targets reach the dispatcher as they are and fail as unsupported targets do.
/// </summary>
public sealed class ScheduledTargetResolver : IScheduledTargetResolver
{
    private const string SqsSendMessage = "arn:aws:scheduler:::aws-sdk:sqs:sendMessage";

    public ResolvedDelivery? Resolve(PendingDelivery delivery, out string reason)
    {
        var invocation = ScheduledInvocation.FromJson(delivery.Event.Envelope);
        if (invocation is null)
        {
            reason = "the journaled schedule invocation could not be read";
            return null;
        }
        var target = invocation.Target;
        var arn = target.Arn;
        var messageGroupId = target.SqsMessageGroupId;
        Func<int, byte[]> payload = attempt => Encoding.UTF8.GetBytes(invocation.InputFor(attempt));
        if (arn == SqsSendMessage)
        {
            if (!TryReadSendMessage(invocation, out var queueArn, out var groupId, out reason)) return null;
            arn = queueArn;
            messageGroupId = groupId ?? messageGroupId;
            payload = attempt => MessageBody(invocation.InputFor(attempt));
        }

        var accepted = delivery.Event;
        if (Arns.TryParse(arn, out var parsed) && Arns.IsEventBus(parsed))
        {
            var envelope = BusEvent(invocation, out reason);
            if (envelope is null) return null;
            accepted = accepted with { Envelope = envelope };
        }

        var rule = new Rule
        {
            AccountId = invocation.AccountId,
            Region = invocation.Region,
            BusName = "",
            Name = $"{invocation.GroupName}/{invocation.ScheduleName}",
            State = RuleStates.Enabled,
            CreatedBy = invocation.AccountId,
            CreationTime = invocation.ScheduledTime,
            ScheduleArn = invocation.ScheduleArn,
        };
        var eventsTarget = new EventsTargets.RuleTarget
        {
            Id = DeliveryTask.ScheduledTargetId,
            Arn = arn,
            RoleArn = target.RoleArn,
            SqsParameters = messageGroupId is null ? null : new EventsTargets.SqsParameters { MessageGroupId = messageGroupId },
            RetryPolicy = new EventsTargets.RetryPolicy
            {
                MaximumRetryAttempts = target.MaximumRetryAttempts ?? Domain.ScheduleTarget.DefaultMaximumRetryAttempts,
                MaximumEventAgeInSeconds = target.MaximumEventAgeInSeconds ?? Domain.ScheduleTarget.DefaultMaximumEventAgeInSeconds,
            },
            DeadLetterConfig = target.DeadLetterArn is null ? null : new EventsTargets.DeadLetterConfig { Arn = target.DeadLetterArn },
        };
        reason = "";
        return new ResolvedDelivery(rule, eventsTarget, accepted, payload, invocation.ExecutionId);
    }

    /// <summary>The event a bus target gets: Scheduler's envelope, written as every event's (EventEnvelope), with
    /// the input as detail (AWS requires JSON there).</summary>
    private static byte[]? BusEvent(ScheduledInvocation invocation, out string reason)
    {
        var input = invocation.InputFor(1);
        var detail = input.Length == 0 ? "{}"u8.ToArray() : Encoding.UTF8.GetBytes(input);
        try
        {
            using var _ = JsonDocument.Parse(detail);
        }
        catch (JsonException)
        {
            reason = "the schedule's input is not JSON, which an EventBridge event's detail must be";
            return null;
        }
        reason = "";
        return EventEnvelope.Write(new EventEnvelope.Fields(invocation.ExecutionId, invocation.Target.EventBridgeDetailType ?? "",
            invocation.Target.EventBridgeSource ?? "", invocation.AccountId, invocation.ScheduledTime, invocation.Region,
            [invocation.ScheduleArn], ""), detail);
    }

    /// <summary>
    /// sqs:sendMessage's parameters (its input, in the SDK's PascalCase): the queue is the one QueueUrl names
    /// (<c>…/ACCOUNT/NAME</c>) in the schedule's region.
    /// </summary>
    private static bool TryReadSendMessage(ScheduledInvocation invocation, out string queueArn, out string? groupId, out string reason)
    {
        queueArn = "";
        groupId = null;
        try
        {
            using var document = JsonDocument.Parse(invocation.InputFor(1));
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("QueueUrl", out var url) && url.ValueKind == JsonValueKind.String
                && Uri.TryCreate(url.GetString(), UriKind.Absolute, out var queueUrl)
                && queueUrl.AbsolutePath.Trim('/').Split('/') is [var account, var name] && Arns.IsAccountId(account))
            {
                queueArn = $"arn:aws:sqs:{invocation.Region}:{account}:{name}";
                if (root.TryGetProperty("MessageGroupId", out var group) && group.ValueKind == JsonValueKind.String) groupId = group.GetString();
                reason = "";
                return true;
            }
        }
        catch (JsonException)
        {
        }
        reason = "the input of the universal target sqs:sendMessage has no QueueUrl of the form https://HOST/ACCOUNT/NAME";
        return false;
    }

    private static byte[] MessageBody(string input)
    {
        using var document = JsonDocument.Parse(input);
        return document.RootElement.TryGetProperty("MessageBody", out var body) && body.ValueKind == JsonValueKind.String
            ? Encoding.UTF8.GetBytes(body.GetString()!)
            : [];
    }
}
