using Switchyard.Domain;
using Switchyard.Domain.Buses;
using Switchyard.Protocol;
using Switchyard.Protocol.Model;
using BusRecord = Switchyard.Domain.Buses.EventBus;

namespace Switchyard.Api;

/// <summary>CreateEventBus, DescribeEventBus, ListEventBuses, UpdateEventBus, DeleteEventBus.</summary>
public sealed class EventBusOperations(EventBusCatalog buses, IBusDependents dependents, TimeProvider time) : IOperationGroup
{
    public void Register(OperationRegistry registry)
    {
        registry.Add<CreateEventBusRequest, CreateEventBusResponse>("CreateEventBus", Create);
        registry.Add<DescribeEventBusRequest, DescribeEventBusResponse>("DescribeEventBus", Describe);
        registry.Add<ListEventBusesRequest, ListEventBusesResponse>("ListEventBuses", List);
        registry.Add<UpdateEventBusRequest, UpdateEventBusResponse>("UpdateEventBus", Update);
        registry.Add<DeleteEventBusRequest>("DeleteEventBus", Delete);
    }

    private CreateEventBusResponse Create(CreateEventBusRequest request, RequestContext context)
    {
        var name = request.Name!;
        if (request.EventSourceName is not null)
        {
            // Partner event buses are made from a partner event source; there are none on this server yet.
            throw ApiErrors.NotFound($"Event source {request.EventSourceName} does not exist.");
        }
        if (name.Contains('/'))
            throw ApiErrors.Validation("Event bus name must not contain '/'.");
        var now = time.GetUtcNow();
        var bus = buses.Create(new BusRecord
        {
            AccountId = context.AccountId,
            Region = context.Region,
            Name = name,
            Description = request.Description,
            KmsKeyIdentifier = request.KmsKeyIdentifier,
            DeadLetterArn = request.DeadLetterConfig?.Arn,
            LogConfig = ToLogConfig(request.LogConfig),
            CreationTime = now,
            LastModifiedTime = now,
            Tags = TagOperations.Merge([], request.Tags),
        });
        return new CreateEventBusResponse
        {
            EventBusArn = bus.Arn,
            Description = bus.Description,
            KmsKeyIdentifier = bus.KmsKeyIdentifier,
            DeadLetterConfig = ToDeadLetterConfig(bus.DeadLetterArn),
            LogConfig = ToWire(bus.LogConfig),
        };
    }

    private DescribeEventBusResponse Describe(DescribeEventBusRequest request, RequestContext context)
    {
        var target = BusReference.ResolveOwn(request.Name, context, "events:DescribeEventBus");
        var bus = buses.Get(target.Scope, target.Name);
        return new DescribeEventBusResponse
        {
            Name = bus.Name,
            Arn = bus.Arn,
            Description = bus.Description,
            KmsKeyIdentifier = bus.KmsKeyIdentifier,
            DeadLetterConfig = ToDeadLetterConfig(bus.DeadLetterArn),
            Policy = bus.Policy,
            LogConfig = ToWire(bus.LogConfig),
            CreationTime = bus.CreationTime,
            LastModifiedTime = bus.LastModifiedTime,
        };
    }

    private ListEventBusesResponse List(ListEventBusesRequest request, RequestContext context)
    {
        var all = buses.List(context.Scope)
            .Where(b => request.NamePrefix is null || b.Name.StartsWith(request.NamePrefix, StringComparison.Ordinal))
            .ToList();
        var (page, next) = Pagination.Page(all, b => b.Name, request.NextToken, request.Limit);
        return new ListEventBusesResponse
        {
            EventBuses = page.Select(b => new Protocol.Model.EventBus
            {
                Name = b.Name,
                Arn = b.Arn,
                Description = b.Description,
                Policy = b.Policy,
                CreationTime = b.CreationTime,
                LastModifiedTime = b.LastModifiedTime,
            }).ToList(),
            NextToken = next,
        };
    }

    private UpdateEventBusResponse Update(UpdateEventBusRequest request, RequestContext context)
    {
        var name = request.Name ?? EventBuses.DefaultBusName;
        var bus = buses.Update(context.Scope, name, current => current with
        {
            // UpdateEventBus sets what it is given and leaves the rest as it was.
            Description = request.Description ?? current.Description,
            KmsKeyIdentifier = request.KmsKeyIdentifier ?? current.KmsKeyIdentifier,
            DeadLetterArn = request.DeadLetterConfig is null ? current.DeadLetterArn : request.DeadLetterConfig.Arn,
            LogConfig = request.LogConfig is null ? current.LogConfig : ToLogConfig(request.LogConfig),
        });
        return new UpdateEventBusResponse
        {
            Arn = bus.Arn,
            Name = bus.Name,
            KmsKeyIdentifier = bus.KmsKeyIdentifier,
            Description = bus.Description,
            DeadLetterConfig = ToDeadLetterConfig(bus.DeadLetterArn),
            LogConfig = ToWire(bus.LogConfig),
        };
    }

    private void Delete(DeleteEventBusRequest request, RequestContext context)
    {
        var name = request.Name!;
        if (name == EventBuses.DefaultBusName) throw ApiErrors.Validation("Cannot delete event bus default.");
        buses.Delete(context.Scope, name, bus =>
        {
            if (dependents.HasRules(bus.Scope, bus.Name))
                throw ApiErrors.Validation("EventBus can't be deleted since it has rules.");
        });
    }

    private static BusLogConfig? ToLogConfig(LogConfig? wire) =>
        wire is null ? null : new BusLogConfig(wire.IncludeDetail, wire.Level);

    private static LogConfig? ToWire(BusLogConfig? config) =>
        config is null ? null : new LogConfig { IncludeDetail = config.IncludeDetail, Level = config.Level };

    private static DeadLetterConfig? ToDeadLetterConfig(string? arn) => arn is null ? null : new DeadLetterConfig { Arn = arn };
}

/// <summary>What else lives on a bus (rules), asked before the bus may be deleted.</summary>
public interface IBusDependents
{
    bool HasRules(AccountRegion scope, string busName);
}
