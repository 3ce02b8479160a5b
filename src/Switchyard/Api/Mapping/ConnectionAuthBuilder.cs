using Switchyard.Domain;
using Switchyard.Domain.Connections;
using Switchyard.Protocol.Model;
using Connection = Switchyard.Domain.Connections.Connection;

namespace Switchyard.Api.Mapping;

/// <summary>
/// Turns the AuthParameters of CreateConnection and UpdateConnection into stored credentials, with the checks the
/// service model cannot express: exactly one credentials block, and it must be the one AuthorizationType names.
/// </summary>
public static class ConnectionAuthBuilder
{
    public static ConnectionAuth FromCreate(string authorizationType, CreateConnectionAuthRequestParameters parameters)
    {
        RequireOnlyBlockFor(authorizationType, parameters.BasicAuthParameters is not null,
            parameters.ApiKeyAuthParameters is not null, parameters.OAuthParameters is not null, required: true);
        var auth = new ConnectionAuth { InvocationParameters = MergeParameters(parameters.InvocationHttpParameters, null) };
        return authorizationType switch
        {
            AuthorizationTypes.Basic => auth with
            {
                Basic = new BasicCredentials(parameters.BasicAuthParameters!.Username!, parameters.BasicAuthParameters.Password!),
            },
            AuthorizationTypes.ApiKey => auth with
            {
                ApiKey = new ApiKeyCredentials(parameters.ApiKeyAuthParameters!.ApiKeyName!, parameters.ApiKeyAuthParameters.ApiKeyValue!),
            },
            _ => auth with { OAuth = OAuthFromCreate(parameters.OAuthParameters!) },
        };
    }

    /// <summary>
    /// The credentials after an UpdateConnection: what is given replaces what was there, member by member, so a
    /// caller can change one value without resending the secrets. Changing the type needs the new type's block in full.
    /// </summary>
    public static ConnectionAuth FromUpdate(Connection current, string authorizationType, UpdateConnectionAuthRequestParameters? parameters)
    {
        parameters ??= new UpdateConnectionAuthRequestParameters();
        var typeChanged = authorizationType != current.AuthorizationType;
        var prior = typeChanged ? null : current.Auth;
        RequireOnlyBlockFor(authorizationType, parameters.BasicAuthParameters is not null,
            parameters.ApiKeyAuthParameters is not null, parameters.OAuthParameters is not null, required: prior is null);
        var auth = new ConnectionAuth
        {
            InvocationParameters = MergeParameters(parameters.InvocationHttpParameters, current.Auth?.InvocationParameters),
        };
        switch (authorizationType)
        {
            case AuthorizationTypes.Basic:
            {
                var given = parameters.BasicAuthParameters;
                var username = given?.Username ?? prior?.Basic?.Username;
                var password = given?.Password ?? prior?.Basic?.Password;
                if (username is null || password is null)
                    throw ApiErrors.Validation("BasicAuthParameters must contain Username and Password.");
                return auth with { Basic = new BasicCredentials(username, password) };
            }
            case AuthorizationTypes.ApiKey:
            {
                var given = parameters.ApiKeyAuthParameters;
                var name = given?.ApiKeyName ?? prior?.ApiKey?.Name;
                var value = given?.ApiKeyValue ?? prior?.ApiKey?.Value;
                if (name is null || value is null)
                    throw ApiErrors.Validation("ApiKeyAuthParameters must contain ApiKeyName and ApiKeyValue.");
                return auth with { ApiKey = new ApiKeyCredentials(name, value) };
            }
            default:
            {
                var given = parameters.OAuthParameters;
                var old = prior?.OAuth;
                var clientId = given?.ClientParameters?.ClientID ?? old?.ClientId;
                var clientSecret = given?.ClientParameters?.ClientSecret ?? old?.ClientSecret;
                var endpoint = given?.AuthorizationEndpoint ?? old?.AuthorizationEndpoint;
                var method = given?.HttpMethod ?? old?.HttpMethod;
                if (clientId is null || clientSecret is null || endpoint is null || method is null)
                    throw ApiErrors.Validation(
                        "OAuthParameters must contain AuthorizationEndpoint, HttpMethod and ClientParameters with ClientID and ClientSecret.");
                RequireHttpUrl(endpoint, "AuthorizationEndpoint");
                return auth with
                {
                    OAuth = new OAuthClientCredentials(clientId, clientSecret, endpoint, method,
                        MergeParameters(given?.OAuthHttpParameters, old?.HttpParameters)),
                };
            }
        }
    }

    /// <summary>Endpoints must be absolute http(s) URLs; the model's pattern lets through things like "invalid-endpoint".</summary>
    public static void RequireHttpUrl(string value, string member)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) ||
            string.IsNullOrEmpty(uri.Host))
        {
            throw ApiErrors.Validation($"Parameter {member} is not valid: {value} is not an absolute http(s) URL.");
        }
    }

    private static OAuthClientCredentials OAuthFromCreate(CreateConnectionOAuthRequestParameters oauth)
    {
        RequireHttpUrl(oauth.AuthorizationEndpoint!, "AuthorizationEndpoint");
        return new OAuthClientCredentials(oauth.ClientParameters!.ClientID!, oauth.ClientParameters.ClientSecret!,
            oauth.AuthorizationEndpoint!, oauth.HttpMethod!, MergeParameters(oauth.OAuthHttpParameters, null));
    }

    private static void RequireOnlyBlockFor(string type, bool basic, bool apiKey, bool oauth, bool required)
    {
        var (expected, has) = type switch
        {
            AuthorizationTypes.Basic => ("BasicAuthParameters", basic),
            AuthorizationTypes.ApiKey => ("ApiKeyAuthParameters", apiKey),
            _ => ("OAuthParameters", oauth),
        };
        var blocks = (basic ? 1 : 0) + (apiKey ? 1 : 0) + (oauth ? 1 : 0);
        if (blocks > (has ? 1 : 0))
            throw ApiErrors.Validation($"AuthorizationType {type} accepts only {expected} in AuthParameters.");
        if (required && !has)
            throw ApiErrors.Validation($"AuthParameters must contain {expected} for AuthorizationType {type}.");
    }

    /// <summary>
    /// The parameters given replace those of the same location; a parameter given without a Value keeps the value it
    /// had (Describe never shows secret values, so a caller echoing Describe's output back keeps the secrets).
    /// </summary>
    private static HttpParameterSet? MergeParameters(ConnectionHttpParameters? given, HttpParameterSet? prior)
    {
        if (given is null) return prior;
        return new HttpParameterSet
        {
            Headers = given.HeaderParameters is null
                ? prior?.Headers
                : given.HeaderParameters.Select(p => Parameter(p.Key, p.Value, p.IsValueSecret, prior?.Headers)).ToList(),
            QueryString = given.QueryStringParameters is null
                ? prior?.QueryString
                : given.QueryStringParameters.Select(p => Parameter(p.Key, p.Value, p.IsValueSecret, prior?.QueryString)).ToList(),
            Body = given.BodyParameters is null
                ? prior?.Body
                : given.BodyParameters.Select(p => Parameter(p.Key, p.Value, p.IsValueSecret, prior?.Body)).ToList(),
        };
    }

    private static HttpParameter Parameter(string? key, string? value, bool? isSecret, IReadOnlyList<HttpParameter>? prior)
    {
        if (string.IsNullOrEmpty(key)) throw ApiErrors.Validation("Every HTTP parameter of a connection must have a Key.");
        value ??= prior?.FirstOrDefault(p => p.Key == key)?.Value ?? "";
        return new HttpParameter(key, value, isSecret ?? false);
    }
}
