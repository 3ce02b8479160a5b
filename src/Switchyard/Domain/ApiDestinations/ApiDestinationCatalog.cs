using AwsServiceException = Switchyard.Protocol.Model.AwsServiceException;
using Switchyard.Storage;

namespace Switchyard.Domain.ApiDestinations;

/// <summary>All API destinations: reads from memory, changes written through to the state store under one lock.</summary>
public sealed class ApiDestinationCatalog : IResettableState
{
    public const string StateKind = "api-destination";

    private readonly PersistentCollection<ApiDestination> _destinations;
    private readonly int _maxPerRegion;
    private readonly object _writeGate = new();

    public ApiDestinationCatalog(IStateStore store, int maxPerRegion)
    {
        _maxPerRegion = maxPerRegion;
        _destinations = new PersistentCollection<ApiDestination>(store, StateKind, ApiDestinationJsonContext.Default.ApiDestination,
            d => Key(d.Scope, d.Name));
    }

    public bool TryGet(AccountRegion scope, string name, out ApiDestination destination) =>
        _destinations.TryGet(Key(scope, name), out destination);

    public ApiDestination Get(AccountRegion scope, string name) =>
        TryGet(scope, name, out var destination) ? destination : throw NotFound(name);

    /// <summary>Finds a destination by its target ARN; the UUID must match (a re-created destination is another one).</summary>
    public bool TryGetByArn(ParsedArn arn, out ApiDestination destination)
    {
        destination = null!;
        return ApiDestinationArns.TryParse(arn, out var name, out var id)
            && TryGet(arn.Scope, name, out destination)
            && destination.Id == id;
    }

    public IReadOnlyList<ApiDestination> List(AccountRegion scope) =>
        _destinations.Values.Where(d => d.Scope == scope).OrderBy(d => d.Name, StringComparer.Ordinal).ToList();

    public ApiDestination Create(ApiDestination destination)
    {
        lock (_writeGate)
        {
            if (_destinations.Contains(Key(destination.Scope, destination.Name)))
                throw ApiErrors.AlreadyExists($"An api-destination '{destination.Name}' already exists.");
            if (_destinations.Values.Count(d => d.Scope == destination.Scope) >= _maxPerRegion)
                throw ApiErrors.LimitExceeded();
            _destinations.Put(destination);
            return destination;
        }
    }

    public ApiDestination Update(AccountRegion scope, string name, Func<ApiDestination, ApiDestination> change)
    {
        lock (_writeGate)
        {
            var updated = change(Get(scope, name));
            _destinations.Put(updated);
            return updated;
        }
    }

    public void Delete(AccountRegion scope, string name)
    {
        lock (_writeGate)
        {
            Get(scope, name);
            _destinations.Remove(Key(scope, name));
        }
    }

    /// <summary>Forgets everything in memory (the store is cleared by the caller).</summary>
    public void Clear()
    {
        lock (_writeGate) _destinations.ClearMemory();
    }

    /// <summary>As recorded from AWS (LocalStack snapshot test_api_destinations, describe-api-destination-not-found-error).</summary>
    public static AwsServiceException NotFound(string name) =>
        ApiErrors.NotFound($"Failed to describe the api-destination(s). An api-destination '{name}' does not exist.");

    private static string Key(AccountRegion scope, string name) => $"{scope.AccountId}/{scope.Region}/{name}";
}
