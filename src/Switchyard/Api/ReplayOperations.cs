using Switchyard.Domain;
using Switchyard.Domain.Buses;
using Switchyard.Domain.Replays;
using Switchyard.Protocol;
using Switchyard.Protocol.Model;
using ReplayRecord = Switchyard.Domain.Replays.Replay;

namespace Switchyard.Api;

/// <summary>
/// StartReplay, DescribeReplay, ListReplays, CancelReplay. StartReplay only records the replay (STARTING); the
/// runner (Delivery/Replays) does the work in the background.
/// </summary>
public sealed class ReplayOperations(ReplayCatalog replays, IReplayArchives archives, EventBusCatalog buses, TimeProvider time) : IOperationGroup
{
    public void Register(OperationRegistry registry)
    {
        registry.Add<StartReplayRequest, StartReplayResponse>("StartReplay", Start);
        registry.Add<DescribeReplayRequest, DescribeReplayResponse>("DescribeReplay", Describe);
        registry.Add<ListReplaysRequest, ListReplaysResponse>("ListReplays", List);
        registry.Add<CancelReplayRequest, CancelReplayResponse>("CancelReplay", Cancel);
    }

    private StartReplayResponse Start(StartReplayRequest request, RequestContext context)
    {
        var scope = context.Scope;
        var name = request.ReplayName!;
        // The order of the checks is LocalStack's (each check's answer recorded against AWS): name, times, archive, destination.
        if (replays.TryGet(scope, name, out _)) throw ReplayErrors.AlreadyExists(name);
        var start = request.EventStartTime!.Value;
        var end = request.EventEndTime!.Value;
        if (end <= start) throw ReplayErrors.EndBeforeStart();
        var archiveArn = request.EventSourceArn!;
        // Only the caller's own archives: another account's archive does not exist for it.
        if (!archives.TryFind(archiveArn, out var archive) || archive.Scope != scope)
            throw ReplayErrors.UnknownArchive(ReplayArns.ArchiveNameOf(archiveArn));
        var destination = request.Destination!;
        var destinationArn = destination.Arn!;
        if (!Arns.TryParseEventBus(destinationArn, out var bus)) throw ReplayErrors.NotABusArn();
        if (destinationArn != archive.SourceBusArn)
        {
            throw bus.Scope == scope && buses.TryGet(bus.Scope, bus.Name, out _)
                ? ReplayErrors.CrossBus()
                : ApiErrors.EventBusNotFound(bus.Name);
        }
        if (!buses.TryGet(scope, archive.SourceBusName, out _)) throw ApiErrors.EventBusNotFound(archive.SourceBusName);
        List<string>? filter = null;
        if (destination.FilterArns is { } filterArns)
        {
            var rulePrefix = Arns.Rule(scope, archive.SourceBusName, "");
            foreach (var arn in filterArns)
            {
                // A rule of the destination bus, by its ARN; whether it exists now is not asked (it may be created or
                // deleted while the replay runs; a rule that does not exist receives nothing).
                if (!arn.StartsWith(rulePrefix, StringComparison.Ordinal) || arn.Length == rulePrefix.Length || arn.AsSpan(rulePrefix.Length).Contains('/'))
                    throw ReplayErrors.NotARuleOfTheBus(arn);
            }
            filter = filterArns.Distinct(StringComparer.Ordinal).ToList();
        }
        var replay = replays.Create(new ReplayRecord
        {
            AccountId = scope.AccountId,
            Region = scope.Region,
            Name = name,
            Id = Guid.NewGuid().ToString(),
            Description = request.Description,
            EventSourceArn = archiveArn,
            DestinationArn = destinationArn,
            FilterArns = filter,
            EventStartTime = start,
            EventEndTime = end,
            State = ReplayStates.Starting,
            ReplayStartTime = time.GetUtcNow(),
        });
        return new StartReplayResponse { ReplayArn = replay.Arn, State = replay.State, ReplayStartTime = replay.ReplayStartTime };
    }

    private DescribeReplayResponse Describe(DescribeReplayRequest request, RequestContext context)
    {
        var replay = replays.Get(context.Scope, request.ReplayName!);
        return new DescribeReplayResponse
        {
            ReplayName = replay.Name,
            ReplayArn = replay.Arn,
            Description = replay.Description,
            State = replay.State,
            StateReason = replay.StateReason,
            EventSourceArn = replay.EventSourceArn,
            Destination = new ReplayDestination { Arn = replay.DestinationArn, FilterArns = replay.FilterArns?.ToList() },
            EventStartTime = replay.EventStartTime,
            EventEndTime = replay.EventEndTime,
            EventLastReplayedTime = replay.EventLastReplayedTime,
            ReplayStartTime = replay.ReplayStartTime,
            ReplayEndTime = replay.ReplayEndTime,
        };
    }

    private ListReplaysResponse List(ListReplaysRequest request, RequestContext context)
    {
        var all = replays.List(context.Scope)
            .Where(r => request.NamePrefix is null || r.Name.StartsWith(request.NamePrefix, StringComparison.Ordinal))
            .Where(r => request.State is null || r.State == request.State)
            .Where(r => request.EventSourceArn is null || r.EventSourceArn == request.EventSourceArn)
            .ToList();
        var (page, next) = Pagination.Page(all, r => r.Name, request.NextToken, request.Limit);
        return new ListReplaysResponse
        {
            Replays = page.Select(r => new Protocol.Model.Replay
            {
                ReplayName = r.Name,
                EventSourceArn = r.EventSourceArn,
                State = r.State,
                StateReason = r.StateReason,
                EventStartTime = r.EventStartTime,
                EventEndTime = r.EventEndTime,
                EventLastReplayedTime = r.EventLastReplayedTime,
                ReplayStartTime = r.ReplayStartTime,
                ReplayEndTime = r.ReplayEndTime,
            }).ToList(),
            NextToken = next,
        };
    }

    private CancelReplayResponse Cancel(CancelReplayRequest request, RequestContext context)
    {
        var replay = replays.Cancel(context.Scope, request.ReplayName!);
        return new CancelReplayResponse { ReplayArn = replay.Arn, State = replay.State };
    }
}
