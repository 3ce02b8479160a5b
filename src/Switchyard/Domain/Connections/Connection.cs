using System.Text.Json.Serialization;

namespace Switchyard.Domain.Connections;

/// <summary>
/// A connection: how to authorize calls to an HTTP endpoint. Immutable; changes produce a new instance.
/// <see cref="Auth"/> holds the credentials that AWS keeps in a Secrets Manager secret; it is null once the
/// connection was deauthorized.
/// </summary>
public sealed record Connection
{
    public required string AccountId { get; init; }
    public required string Region { get; init; }
    public required string Name { get; init; }
    /// <summary>The UUID that ends the connection's ARN.</summary>
    public required string Id { get; init; }
    public string? Description { get; init; }
    public required string AuthorizationType { get; init; }
    public required string State { get; init; }
    public string? StateReason { get; init; }
    public string? KmsKeyIdentifier { get; init; }
    public ConnectionAuth? Auth { get; init; }
    public ConnectivitySettings? Connectivity { get; init; }
    /// <summary>The name part of the secret (events!connection/NAME/UUID) and the random suffix Secrets Manager adds.</summary>
    public required string SecretId { get; init; }
    public required string SecretSuffix { get; init; }
    /// <summary>Incremented whenever the credentials change, so a token fetched for older credentials is never used.</summary>
    public int AuthVersion { get; init; }
    public required DateTimeOffset CreationTime { get; init; }
    public required DateTimeOffset LastModifiedTime { get; init; }
    public DateTimeOffset? LastAuthorizedTime { get; init; }

    [JsonIgnore]
    public AccountRegion Scope => new(AccountId, Region);

    [JsonIgnore]
    public string Arn => ConnectionArns.Connection(Scope, Name, Id);

    [JsonIgnore]
    public string SecretArn => ConnectionArns.Secret(Scope, Name, SecretId, SecretSuffix);

    [JsonIgnore]
    public bool IsAuthorized => State == ConnectionStates.Authorized;
}

/// <summary>The credentials of a connection: exactly one of the three kinds, plus the parameters sent on every call.</summary>
public sealed record ConnectionAuth
{
    public BasicCredentials? Basic { get; init; }
    public ApiKeyCredentials? ApiKey { get; init; }
    public OAuthClientCredentials? OAuth { get; init; }
    /// <summary>Null when the request gave no InvocationHttpParameters (AWS then leaves them out of Describe).</summary>
    public HttpParameterSet? InvocationParameters { get; init; }
    /// <summary>AuthParameters.ConnectivityParameters: how a private OAuth authorization endpoint is reached.</summary>
    public ConnectivitySettings? AuthorizationConnectivity { get; init; }
}

public sealed record BasicCredentials(string Username, string Password);

public sealed record ApiKeyCredentials(string Name, string Value);

public sealed record OAuthClientCredentials(
    string ClientId,
    string ClientSecret,
    string AuthorizationEndpoint,
    string HttpMethod,
    HttpParameterSet? HttpParameters);

/// <summary>Header, query string and body parameters of a connection (InvocationHttpParameters or OAuthHttpParameters).</summary>
public sealed record HttpParameterSet
{
    public IReadOnlyList<HttpParameter>? Headers { get; init; }
    public IReadOnlyList<HttpParameter>? QueryString { get; init; }
    public IReadOnlyList<HttpParameter>? Body { get; init; }

    public static readonly HttpParameterSet Empty = new();
}

/// <summary>One parameter; a secret one is sent but never shown by Describe.</summary>
public sealed record HttpParameter(string Key, string Value, bool IsSecret);

/// <summary>
/// The VPC Lattice resource configuration a private endpoint is reached through (InvocationConnectivityParameters,
/// or AuthParameters.ConnectivityParameters for the authorization endpoint), with the service-network association
/// AWS creates for it.
/// </summary>
public sealed record ConnectivitySettings(string ResourceConfigurationArn, string ResourceAssociationArn);
