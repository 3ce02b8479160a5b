using System.Buffers;
using System.Text.Json;
using Switchyard.Domain;
using Switchyard.Domain.Buses;
using Switchyard.Domain.Routing;

namespace Switchyard.Delivery.Invokers;

/// <summary>
/// Event bus targets: the event is put on the other bus (same account; same or another region of this server) as
/// EventBridge does it: the envelope is kept — same <c>account</c>, <c>region</c> and, within a region, the same
/// <c>id</c>; a cross-region hop gets a new <c>id</c>. The one-hop limit is the dispatcher's (it drops an event that
/// already came through a bus before calling this).
/// </summary>
public sealed class EventBusTargetInvoker(EventBusCatalog buses, EventIngestor ingestor, TimeProvider time) : ITargetInvoker
{
    public bool CanHandle(ParsedArn targetArn) => IsEventBus(targetArn);

    public static bool IsEventBus(ParsedArn arn) => arn.Service == "events" && arn.Resource.StartsWith("event-bus/", StringComparison.Ordinal);

    public async ValueTask<InvocationResult> InvokeAsync(TargetInvocation invocation, CancellationToken cancellation)
    {
        var target = invocation.TargetArn;
        var busName = target.Resource["event-bus/".Length..];
        var ruleScope = invocation.Rule.Scope;
        if (target.AccountId != ruleScope.AccountId)
            return InvocationResult.Failure(DeliveryErrorCodes.NoPermissions,
                $"Event bus {invocation.Target.Arn} belongs to another account; cross-account bus targets need a bus policy grant, which Switchyard does not evaluate yet", retryable: false);
        if (!buses.TryGet(target.Scope, busName, out _))
            return InvocationResult.Failure(DeliveryErrorCodes.NoResource, $"Event bus {invocation.Target.Arn} does not exist.", retryable: false);

        var source = invocation.Event;
        var sameRegion = target.Region == source.BusScope.Region;
        var id = sameRegion ? source.EventId : Guid.NewGuid().ToString();
        var envelope = sameRegion ? source.Envelope : WithId(source.Envelope, id);
        await ingestor.IngestAsync([new EventIngestor.Submission(id, target.Scope, busName, envelope, time.GetUtcNow(), source.Hop + 1)], cancellation);
        return InvocationResult.Success;
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
