using Switchyard.Domain;
using Switchyard.Domain.Connections;
using Switchyard.Protocol.Model;
using Connection = Switchyard.Domain.Connections.Connection;

namespace Switchyard.Api.Mapping;

/// <summary>
/// What DescribeConnection shows of the credentials: names, never secrets (AWS leaves out Password, ApiKeyValue and
/// ClientSecret, and the value of every parameter marked IsValueSecret).
/// </summary>
public static class ConnectionPublicView
{
    public static ConnectionAuthResponseParameters AuthParameters(Connection connection)
    {
        var auth = connection.Auth;
        if (auth is null) return new ConnectionAuthResponseParameters();
        return new ConnectionAuthResponseParameters
        {
            BasicAuthParameters = auth.Basic is null ? null : new ConnectionBasicAuthResponseParameters { Username = auth.Basic.Username },
            ApiKeyAuthParameters = auth.ApiKey is null ? null : new ConnectionApiKeyAuthResponseParameters { ApiKeyName = auth.ApiKey.Name },
            OAuthParameters = auth.OAuth is null
                ? null
                : new ConnectionOAuthResponseParameters
                {
                    ClientParameters = new ConnectionOAuthClientResponseParameters { ClientID = auth.OAuth.ClientId },
                    AuthorizationEndpoint = auth.OAuth.AuthorizationEndpoint,
                    HttpMethod = auth.OAuth.HttpMethod,
                    OAuthHttpParameters = Parameters(auth.OAuth.HttpParameters),
                },
            InvocationHttpParameters = Parameters(auth.InvocationParameters),
            ConnectivityParameters = ConnectivityMapping.ToWire(auth.AuthorizationConnectivity),
        };
    }

    private static ConnectionHttpParameters? Parameters(HttpParameterSet? set) =>
        set is null
            ? null
            : new ConnectionHttpParameters
            {
                HeaderParameters = set.Headers?.Select(p => new ConnectionHeaderParameter
                {
                    Key = p.Key, Value = p.IsSecret ? null : p.Value, IsValueSecret = p.IsSecret,
                }).ToList(),
                QueryStringParameters = set.QueryString?.Select(p => new ConnectionQueryStringParameter
                {
                    Key = p.Key, Value = p.IsSecret ? null : p.Value, IsValueSecret = p.IsSecret,
                }).ToList(),
                BodyParameters = set.Body?.Select(p => new ConnectionBodyParameter
                {
                    Key = p.Key, Value = p.IsSecret ? null : p.Value, IsValueSecret = p.IsSecret,
                }).ToList(),
            };
}
