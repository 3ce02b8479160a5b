namespace Switchyard.Delivery.ApiDestinations;

/// <summary>An access token from an authorization endpoint; <see cref="ExpiresAt"/> is null when the answer had no expires_in.</summary>
public sealed record OAuthToken(string AccessToken, DateTimeOffset? ExpiresAt);

/// <summary>The outcome of asking for a token: a token, or why there is none and whether asking again may help.</summary>
public sealed record OAuthTokenResult(OAuthToken? Token, string? Error, bool Transient)
{
    public static OAuthTokenResult Success(OAuthToken token) => new(token, null, false);

    public static OAuthTokenResult Failure(string error, bool transient) => new(null, error, transient);
}
