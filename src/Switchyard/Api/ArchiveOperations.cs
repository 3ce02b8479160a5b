using Switchyard.Delivery.Archives;
using Switchyard.Domain;
using Switchyard.Domain.Archives;
using Switchyard.Domain.Buses;
using Switchyard.Domain.Rules;
using Switchyard.Protocol;
using Switchyard.Protocol.Model;
using Switchyard.Settings;
using ArchiveRecord = Switchyard.Domain.Archives.Archive;

namespace Switchyard.Api;

/// <summary>
/// CreateArchive, DescribeArchive, UpdateArchive, DeleteArchive, ListArchives. The archive is a resource of the
/// versioned store; its managed rule (<see cref="ArchiveRules"/>) on the source bus selects the events the journal
/// stores for it (<see cref="IArchiveStore"/>), which also counts them.
/// </summary>
public sealed class ArchiveOperations(ArchiveCatalog archives, EventBusCatalog buses, RuleCatalog rules, IArchiveStore store,
    ServiceLimits limits, TimeProvider time) : IOperationGroup
{
    public void Register(OperationRegistry registry)
    {
        registry.Add<CreateArchiveRequest, CreateArchiveResponse>("CreateArchive", CreateAsync);
        registry.Add<DescribeArchiveRequest, DescribeArchiveResponse>("DescribeArchive", Describe);
        registry.Add<UpdateArchiveRequest, UpdateArchiveResponse>("UpdateArchive", Update);
        registry.Add<DeleteArchiveRequest, DeleteArchiveResponse>("DeleteArchive", DeleteAsync);
        registry.Add<ListArchivesRequest, ListArchivesResponse>("ListArchives", List);
    }

    private async ValueTask<CreateArchiveResponse> CreateAsync(CreateArchiveRequest request, RequestContext context, CancellationToken cancellation)
    {
        var bus = SourceBus(request.EventSourceArn!, context, "events:CreateArchive");
        if (request.EventPattern is not null) RuleOperations.ParsePattern(request.EventPattern, limits);
        var now = time.GetUtcNow();
        var archive = archives.Create(new ArchiveRecord
        {
            AccountId = context.AccountId,
            Region = context.Region,
            Name = request.ArchiveName!,
            BusName = bus.Name,
            EventPattern = request.EventPattern,
            Description = request.Description,
            RetentionDays = request.RetentionDays ?? 0,
            KmsKeyIdentifier = request.KmsKeyIdentifier,
            State = ArchiveStates.Enabled,
            CreationTime = now,
        });
        try
        {
            // Events an earlier archive of this name left behind (its deletion interrupted) are not this one's.
            await store.RemoveAsync(archive.Arn, null, cancellation);
            rules.Put(archive.Scope, archive.BusName, ArchiveRules.RuleName(archive.Name), current =>
            {
                if (current is not null && !ArchiveRules.IsArchiveRule(current))
                    throw ApiErrors.AlreadyExists($"Rule {current.Name} already exists on EventBus {current.BusName}.");
                return ArchiveRules.RuleFor(archive, now);
            });
        }
        catch
        {
            // Without its rule the archive would stay empty: it is not created.
            archives.Delete(archive.Scope, archive.Name);
            throw;
        }
        return new CreateArchiveResponse { ArchiveArn = archive.Arn, State = archive.State, CreationTime = archive.CreationTime };
    }

    private DescribeArchiveResponse Describe(DescribeArchiveRequest request, RequestContext context)
    {
        var archive = archives.Get(context.Scope, request.ArchiveName!);
        var totals = store.Totals(archive.Arn);
        return new DescribeArchiveResponse
        {
            ArchiveArn = archive.Arn,
            ArchiveName = archive.Name,
            EventSourceArn = archive.EventSourceArn,
            Description = archive.Description,
            EventPattern = archive.EventPattern,
            State = archive.State,
            StateReason = archive.StateReason,
            KmsKeyIdentifier = archive.KmsKeyIdentifier,
            RetentionDays = archive.RetentionDays,
            SizeBytes = totals.SizeBytes,
            EventCount = totals.EventCount,
            CreationTime = archive.CreationTime,
        };
    }

    /// <remarks>
    /// An unknown archive: AWS answered InternalException ("Service encountered unexpected problem") when LocalStack
    /// recorded test_update_archive_error_unknown_archive; Switchyard answers ResourceNotFoundException as
    /// DescribeArchive and DeleteArchive do (docs/compat.md).
    /// </remarks>
    private UpdateArchiveResponse Update(UpdateArchiveRequest request, RequestContext context)
    {
        if (request.EventPattern is not null) RuleOperations.ParsePattern(request.EventPattern, limits);
        var archive = archives.Update(context.Scope, request.ArchiveName!, current => current with
        {
            Description = request.Description ?? current.Description,
            EventPattern = request.EventPattern ?? current.EventPattern,
            RetentionDays = request.RetentionDays ?? current.RetentionDays,
            KmsKeyIdentifier = request.KmsKeyIdentifier ?? current.KmsKeyIdentifier,
        });
        if (request.EventPattern is not null)
        {
            var pattern = ArchiveRules.RulePattern(archive.EventPattern);
            rules.Put(archive.Scope, archive.BusName, ArchiveRules.RuleName(archive.Name), current =>
                current is null ? ArchiveRules.RuleFor(archive, time.GetUtcNow())
                : current.EventPattern == pattern ? current
                : current with { EventPattern = pattern });
        }
        return new UpdateArchiveResponse { ArchiveArn = archive.Arn, State = archive.State, CreationTime = archive.CreationTime };
    }

    private async ValueTask<DeleteArchiveResponse> DeleteAsync(DeleteArchiveRequest request, RequestContext context, CancellationToken cancellation)
    {
        var archive = archives.Delete(context.Scope, request.ArchiveName!);
        var ruleName = ArchiveRules.RuleName(archive.Name);
        if (rules.TryGet(archive.Scope, archive.BusName, ruleName, out var rule) && ArchiveRules.IsArchiveRule(rule))
            rules.Delete(archive.Scope, archive.BusName, ruleName);
        await store.RemoveAsync(archive.Arn, null, cancellation);
        return new DeleteArchiveResponse();
    }

    private ListArchivesResponse List(ListArchivesRequest request, RequestContext context)
    {
        string? busName = null;
        if (request.EventSourceArn is not null) busName = SourceBus(request.EventSourceArn, context, "events:ListArchives").Name;
        var all = archives.List(context.Scope)
            .Where(a => request.NamePrefix is null || a.Name.StartsWith(request.NamePrefix, StringComparison.Ordinal))
            .Where(a => busName is null || a.BusName == busName)
            .Where(a => request.State is null || a.State == request.State)
            .ToList();
        var (page, next) = Pagination.Page(all, a => a.Name, request.NextToken, request.Limit);
        return new ListArchivesResponse
        {
            Archives = page.Select(a =>
            {
                var totals = store.Totals(a.Arn);
                return new Protocol.Model.Archive
                {
                    ArchiveName = a.Name,
                    EventSourceArn = a.EventSourceArn,
                    State = a.State,
                    StateReason = a.StateReason,
                    RetentionDays = a.RetentionDays,
                    SizeBytes = totals.SizeBytes,
                    EventCount = totals.EventCount,
                    CreationTime = a.CreationTime,
                };
            }).ToList(),
            NextToken = next,
        };
    }

    /// <summary>
    /// The bus an EventSourceArn names: the caller's own (another account's is refused, as no bus policy grants
    /// archiving), in the caller's region, existing (AWS: "Event bus NAME does not exist.").
    /// </summary>
    private Domain.Buses.EventBus SourceBus(string arn, RequestContext context, string action)
    {
        if (!Arns.TryParseEventBus(arn, out _))
            throw ApiErrors.Validation($"Parameter {arn} is not valid. Reason: Provided Arn is not in correct format.");
        var bus = BusReference.ResolveOwn(arn, context, action);
        if (bus.Scope != context.Scope || !buses.TryGet(bus.Scope, bus.Name, out var found)) throw ApiErrors.EventBusNotFound(bus.Name);
        return found;
    }
}
