using AwsServiceException = Switchyard.Protocol.Model.AwsServiceException;
using Switchyard.Storage;
using Switchyard.Storage.Catalog;

namespace Switchyard.Domain.ApiDestinations;

/// <summary>All API destinations, over the generic <see cref="ResourceCatalog{T}"/>: reads from its cache, changes as
/// compare-and-swap writes to the store, retried on a concurrent change.</summary>
public sealed class ApiDestinationCatalog
{
    public const string StateKind = "api-destination";

    private readonly ResourceCatalog<ApiDestination> _destinations;
    private readonly int _maxPerRegion;

    public ApiDestinationCatalog(ChangeFeedPump pump, int maxPerRegion)
    {
        _maxPerRegion = maxPerRegion;
        _destinations = new ResourceCatalog<ApiDestination>(pump, StateKind, ApiDestinationJsonContext.Default.ApiDestination,
            ApiErrors.ConcurrentModification);
    }

    public bool TryGet(AccountRegion scope, string name, out ApiDestination destination) =>
        _destinations.TryGet(scope.AccountId, scope.Region, name, out destination);

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
        _destinations.InScope(scope.AccountId, scope.Region).OrderBy(d => d.Name, StringComparer.Ordinal).ToList();

    /// <remarks>The per-region limit is exact within one process; see <see cref="Buses.EventBusCatalog.Create"/>.</remarks>
    public ApiDestination Create(ApiDestination destination) =>
        _destinations.Change(destination.AccountId, destination.Region, destination.Name, current =>
        {
            if (current is not null) throw ApiErrors.AlreadyExists($"An api-destination '{destination.Name}' already exists.");
            if (_destinations.Count(destination.AccountId, destination.Region) >= _maxPerRegion) throw ApiErrors.LimitExceeded();
            return destination;
        })!;

    /// <summary>Read-modify-write, retried on a concurrent change; <paramref name="change"/> may throw to refuse.</summary>
    public ApiDestination Update(AccountRegion scope, string name, Func<ApiDestination, ApiDestination> change) =>
        _destinations.Change(scope.AccountId, scope.Region, name, current => change(current ?? throw NotFound(name)))!;

    public void Delete(AccountRegion scope, string name) =>
        _destinations.Change(scope.AccountId, scope.Region, name, current => current is null ? throw NotFound(name) : null);

    /// <summary>As recorded from AWS (LocalStack snapshot test_api_destinations, describe-api-destination-not-found-error).</summary>
    public static AwsServiceException NotFound(string name) =>
        ApiErrors.NotFound($"Failed to describe the api-destination(s). An api-destination '{name}' does not exist.");
}
