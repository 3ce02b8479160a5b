namespace Switchyard.Domain.Connections;

/// <summary>The ConnectionAuthorizationType values.</summary>
public static class AuthorizationTypes
{
    public const string Basic = "BASIC";
    public const string ApiKey = "API_KEY";
    public const string OAuthClientCredentials = "OAUTH_CLIENT_CREDENTIALS";
}
