using System.Text.Json.Serialization;

namespace Switchyard.Domain.ApiDestinations;

/// <summary>An API destination: an HTTP endpoint, the method to call it with, its connection and its rate limit.</summary>
public sealed record ApiDestination
{
    public const int DefaultInvocationRateLimitPerSecond = 300;

    public required string AccountId { get; init; }
    public required string Region { get; init; }
    public required string Name { get; init; }
    /// <summary>The UUID that ends the destination's ARN.</summary>
    public required string Id { get; init; }
    public string? Description { get; init; }
    public required string ConnectionArn { get; init; }
    /// <summary>The URL; each <c>*</c> in its path is filled from the target's HttpParameters.PathParameterValues.</summary>
    public required string InvocationEndpoint { get; init; }
    public required string HttpMethod { get; init; }
    public required int InvocationRateLimitPerSecond { get; init; }
    public required DateTimeOffset CreationTime { get; init; }
    public required DateTimeOffset LastModifiedTime { get; init; }

    [JsonIgnore]
    public AccountRegion Scope => new(AccountId, Region);

    [JsonIgnore]
    public string Arn => ApiDestinationArns.ApiDestination(Scope, Name, Id);
}
