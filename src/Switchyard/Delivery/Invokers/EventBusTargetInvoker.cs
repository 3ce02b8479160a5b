using System.Buffers;
using System.Text.Json;
using Switchyard.Domain;
using Switchyard.Domain.Access;
using Switchyard.Domain.Buses;
using Switchyard.Domain.Routing;

namespace Switchyard.Delivery.Invokers;

/// <summary>
/// Event bus targets: the event is put on the other bus (any account, same or another region of this server) as
/// EventBridge does it: the envelope is kept — same <c>account</c>, <c>region</c> and, within a region, the same
/// <c>id</c>; a cross-region hop gets a new <c>id</c>. Another account's bus takes the event only if its policy allows
/// <c>events:PutEvents</c> to the rule's account (with <c>events:eventBusInvocation</c> true and <c>aws:SourceArn</c>
/// the rule): <see cref="BusTargetDecisions.CrossAccountRequest"/>, which explain asks too. The one-hop limit is the
/// dispatcher's (it drops an event that already came through a bus before calling this).
/// </summary>
public sealed class EventBusTargetInvoker(EventBusCatalog buses, BusAccessAuthorizer authorizer, EventIngestor ingestor, TimeProvider time) : ITargetInvoker
{
    public bool CanHandle(ParsedArn targetArn) => Arns.IsEventBus(targetArn);

    public async ValueTask<InvocationResult> InvokeAsync(TargetInvocation invocation, CancellationToken cancellation)
    {
        Arns.TryGetEventBus(invocation.TargetArn, out var target);
        var busName = target.Name;
        var ruleScope = invocation.Rule.Scope;
        if (!buses.TryGet(target.Scope, busName, out var bus))
            return InvocationResult.Failure(DeliveryErrorCodes.NoResource, $"Event bus {invocation.Target.Arn} does not exist.", retryable: false);
        var (source, detailType) = target.Scope.AccountId == ruleScope.AccountId ? default : SourceAndDetailType(invocation.Event.Envelope);
        if (BusTargetDecisions.CrossAccountRequest(invocation.Rule, target, invocation.Target.Arn, source, detailType) is { } request)
        {
            var decision = authorizer.Authorize(bus, request);
            if (!decision.Allowed)
                return InvocationResult.Failure(DeliveryErrorCodes.NoPermissions,
                    $"Account {ruleScope.AccountId} is not authorized to put events on {invocation.Target.Arn}: {decision.Reason}", retryable: false);
        }

        var original = invocation.Event;
        var sameRegion = target.Scope.Region == original.BusScope.Region;
        var id = sameRegion ? original.EventId : Guid.NewGuid().ToString();
        var envelope = sameRegion ? original.Envelope : WithId(original.Envelope, id);
        await ingestor.IngestAsync([new EventIngestor.Submission(id, target.Scope, busName, envelope, time.GetUtcNow(), original.Hop + 1)], cancellation);
        return InvocationResult.Success;
    }

    private static (string? Source, string? DetailType) SourceAndDetailType(byte[] envelope)
    {
        using var document = JsonDocument.Parse(envelope);
        var root = document.RootElement;
        return (root.TryGetProperty("source", out var s) ? s.GetString() ?? "" : "",
            root.TryGetProperty("detail-type", out var d) ? d.GetString() ?? "" : "");
    }

    /// <summary>The envelope with another <c>id</c>, everything else (and the key order) unchanged.</summary>
    public static byte[] WithId(byte[] envelope, string id)
    {
        using var document = JsonDocument.Parse(envelope);
        var buffer = new ArrayBufferWriter<byte>(envelope.Length + 8);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.NameEquals("id")) writer.WriteString("id", id);
                else property.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
