using System.Buffers;
using System.Text;
using System.Text.Json;
using Switchyard.Delivery.Metrics;
using Switchyard.Domain;
using Switchyard.Domain.Access;
using Switchyard.Domain.Buses;
using Switchyard.Patterns;
using Switchyard.Policies;
using Switchyard.Domain.Routing;
using Switchyard.Protocol;
using Switchyard.Protocol.Model;
using Switchyard.Settings;

namespace Switchyard.Api;

/// <summary>
/// PutEvents: validates each entry (AWS answers per entry, index-aligned), builds the envelopes, and returns once the
/// accepted events are durable. Delivery to targets happens afterwards and never changes this answer.
/// </summary>
public sealed class PutEventsOperation(EventIngestor ingestor, EventBusCatalog buses, BusAccessAuthorizer authorizer, ServiceLimits limits, DeliveryMetrics metrics,
    Storage.Catalog.ChangeFeedPump feed, ServerOptions options) : IOperationGroup
{
    public void Register(OperationRegistry registry) =>
        registry.Add<PutEventsRequest, PutEventsResponse>("PutEvents", PutEventsAsync, PutEventsRequestReader.TryRead);

    private async ValueTask<PutEventsResponse> PutEventsAsync(PutEventsRequest request, RequestContext context, CancellationToken cancellation)
    {
        var entries = request.Entries!;
        // A null element reads as an entry with no members and is answered per entry, as {} is (docs/compat.md).
        if (entries.Contains(null!)) entries = entries.ConvertAll(entry => entry ?? new PutEventsRequestEntry());
        var size = RequestSize(entries);
        metrics.PutEventsCall(new AccountRegion(context.AccountId, context.Region), size);
        if (size > limits.PutEventsRequestSize)
            throw ApiErrors.Validation("Total size of the entries in the request is over the limit.");

        // On a shared database a node that cannot confirm its rules and policies are current must not route with them
        // (issue 9): the whole call fails with AWS's retryable server fault, and the client's retry finds a node (or
        // this one, reconnected) that can.
        if (feed.IsStale(options.ChangeFeedStalenessBound))
            throw new AwsServiceException(AwsErrorCodes.InternalException,
                "This node cannot confirm that its rules are current (it has not heard from the shared database recently); retry the request.");

        var results = new List<PutEventsResultEntry>(entries.Count);
        var submissions = new List<EventIngestor.Submission>(entries.Count);
        var failed = Admit(entries, context, results, submissions);
        await ingestor.IngestAsync(submissions, cancellation);
        return new PutEventsResponse { FailedEntryCount = failed, Entries = results };
    }


    /// <summary>Checks each entry, answers it (event id or error, index-aligned) and builds the accepted ones' envelopes.</summary>
    private int Admit(List<PutEventsRequestEntry> entries, RequestContext context, List<PutEventsResultEntry> results, List<EventIngestor.Submission> submissions)
    {
        var failed = 0;
        // The detail's UTF-8 is needed twice (is it a JSON object; the envelope), so it is encoded once, on the stack
        // or into a pooled buffer.
        Span<byte> stack = stackalloc byte[StackDetail];
        foreach (var entry in entries)
        {
            var maxLength = entry.Detail is null ? 0 : Encoding.UTF8.GetMaxByteCount(entry.Detail.Length);
            var rented = maxLength > StackDetail ? ArrayPool<byte>.Shared.Rent(maxLength) : null;
            try
            {
                var detail = rented ?? stack;
                detail = detail[..(entry.Detail is null ? 0 : Encoding.UTF8.GetBytes(entry.Detail, detail))];
                var error = Check(entry, detail, context, out var bus);
                if (error is not null)
                {
                    failed++;
                    results.Add(error);
                    continue;
                }
                var id = RequestIds.NewId();
                var envelope = EventEnvelope.Write(new EventEnvelope.Fields(
                    id,
                    entry.DetailType!,
                    entry.Source!,
                    context.AccountId,
                    entry.Time ?? context.ReceivedAt,
                    context.Region,
                    entry.Resources ?? [],
                    entry.Detail!), detail);
                submissions.Add(new EventIngestor.Submission(id, bus.Scope, bus.Name, envelope, context.ReceivedAt, Hop: 0));
                results.Add(new PutEventsResultEntry { EventId = id });
            }
            finally
            {
                if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
            }
        }
        return failed;
    }

    private const int StackDetail = 4096;

    private PutEventsResultEntry? Check(PutEventsRequestEntry entry, ReadOnlySpan<byte> detail, RequestContext context, out BusReference.Resolved bus)
    {
        bus = default;
        if (string.IsNullOrEmpty(entry.Source)) return Failure("InvalidArgument", "Parameter Source is not valid. Reason: Source is a required argument.");
        if (string.IsNullOrEmpty(entry.DetailType)) return Failure("InvalidArgument", "Parameter DetailType is not valid. Reason: DetailType is a required argument.");
        if (string.IsNullOrEmpty(entry.Detail)) return Failure("InvalidArgument", "Parameter Detail is not valid. Reason: Detail is a required argument.");
        if (!IsJsonObject(detail)) return Failure("MalformedDetail", "Detail is malformed.");
        if (entry.Source.StartsWith("aws.", StringComparison.Ordinal))
            return Failure("NotAuthorizedForSourceException", "Not authorized for the source.");
        try
        {
            bus = BusReference.Resolve(entry.EventBusName, context);
        }
        catch (AwsServiceException error)
        {
            return Failure("InvalidArgument", error.ErrorMessage ?? "Parameter EventBusName is not valid.");
        }
        // The bus's resource policy decides, with the entry's source and detail-type as condition keys: another
        // account needs an Allow, and an explicit Deny stops even the owner. The envelope keeps the sender's account.
        if (buses.TryGet(bus.Scope, bus.Name, out var target))
        {
            // The common case answered without building a request to the authorizer (it would say the same).
            if (target.Policy is null && target.AccountId == context.AccountId) return null;
            var arn = Arns.EventBus(bus.Scope, bus.Name);
            var decision = authorizer.Authorize(target, new BusAccessAuthorizer.Request(context.AccountId, "events:PutEvents", arn)
            {
                Sources = [entry.Source],
                DetailTypes = [entry.DetailType],
                EventBusInvocation = false,
            });
            if (!decision.Allowed) return AccessDenied(context, arn, decision.Evaluation?.Decision == PolicyDecision.ExplicitDeny);
        }
        else if (bus.IsForeign)
        {
            return AccessDenied(context, Arns.EventBus(bus.Scope, bus.Name));
        }
        return null;
    }

    /// <summary>IAM's wording: an explicit Deny and a missing Allow are told apart.</summary>
    private static PutEventsResultEntry AccessDenied(RequestContext context, string arn, bool explicitDeny = false) => Failure("AccessDeniedException",
        explicitDeny
            ? $"User: {context.PrincipalArn} is not authorized to perform: events:PutEvents on resource: {arn} with an explicit deny in a resource-based policy"
            : $"User: {context.PrincipalArn} is not authorized to perform: events:PutEvents on resource: {arn} because no resource-based policy allows the events:PutEvents action");

    private static PutEventsResultEntry Failure(string code, string message) => new() { ErrorCode = code, ErrorMessage = message };

    /// <summary>AWS's size rule: 14 bytes for a Time, plus the UTF-8 bytes of Source, DetailType, Detail and each Resource.</summary>
    public static long RequestSize(IEnumerable<PutEventsRequestEntry> entries)
    {
        long size = 0;
        foreach (var entry in entries)
        {
            if (entry.Time is not null) size += 14;
            size += Utf8Length(entry.Source) + Utf8Length(entry.DetailType) + Utf8Length(entry.Detail);
            foreach (var resource in entry.Resources ?? []) size += Utf8Length(resource);
        }
        return size;
    }

    private static int Utf8Length(string? value) => value is null ? 0 : Encoding.UTF8.GetByteCount(value);

    /// <summary>
    /// The detail sits one level inside the event, and an event nested deeper than rules can read would fail the
    /// whole batch when matched: such a detail is this entry's MalformedDetail instead (docs/compat.md).
    /// </summary>
    private static readonly JsonReaderOptions DetailReaderOptions = new() { MaxDepth = PatternMatcher.MaxEventDepth - 1 };

    private static bool IsJsonObject(ReadOnlySpan<byte> detail)
    {
        try
        {
            var reader = new Utf8JsonReader(detail, DetailReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
