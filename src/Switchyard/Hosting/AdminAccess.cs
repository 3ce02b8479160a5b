using System.Security.Cryptography;
using System.Text;
using Switchyard.Protocol;
using Switchyard.Protocol.Auth;
using Switchyard.Settings;

namespace Switchyard.Hosting;

/// <summary>
/// Who may call the server's own endpoints: <c>/_switchyard/*</c> (reset, reload, explain, lint) and
/// <c>GET /metrics</c>. In open mode, as before, anyone (a signed call names the account it acts for). In strict mode
/// an admin call must be SigV4-signed (service <c>events</c>, exactly as an API call) by a key of an account listed in
/// <c>adminAccounts</c>; <c>/metrics</c> takes that or the configured bearer token, unless <c>metrics.public</c>.
/// </summary>
public sealed class AdminAccess(SigV4Authenticator authenticator, AccessSettings settings)
{
    public abstract record Decision;

    /// <param name="Account">The signer's account, when the call was signed; null for an unsigned call in open mode or a bearer token.</param>
    public sealed record Allowed(string? Account) : Decision;

    /// <summary>Refused: answered with AWS's error shape (<c>__type</c>, <c>message</c>).</summary>
    public sealed record Refused(int Status, string Code, string Message, string? Challenge = null) : Decision;

    private const string AccessDenied = "AccessDeniedException";

    private bool Strict => authenticator.Mode == AuthMode.Strict;

    /// <summary>The decision for a call to <c>/_switchyard/*</c>.</summary>
    public Decision ForAdmin(HttpContext http, RequestBody body)
    {
        if (!HttpSignedRequests.IsSigned(http.Request))
        {
            return Strict
                ? new Refused(401, AuthErrors.MissingAuthenticationTokenCode,
                    "Missing Authentication Token: sign admin requests with SigV4 (service 'events') using a key of an account in adminAccounts.",
                    SigV4Constants.Algorithm)
                : new Allowed(null);
        }
        switch (authenticator.Authenticate(HttpSignedRequests.From(http, body)))
        {
            case AuthResult.Failure failure:
                return new Refused(403, failure.ErrorCode, failure.Message);
            case AuthResult.Success success when Strict && !settings.AdminAccounts.Contains(success.AccountId):
                return new Refused(403, AccessDenied,
                    $"Account {success.AccountId} is not an admin account of this server (adminAccounts in the config file).");
            case AuthResult.Success success:
                return new Allowed(success.AccountId);
            default:
                throw new InvalidOperationException();
        }
    }

    /// <summary>The decision for <c>GET /metrics</c>, which lists every account's buses and rules.</summary>
    public Decision ForMetrics(HttpContext http, RequestBody body)
    {
        if (settings.MetricsPublic) return new Allowed(null);
        var authorization = http.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return settings.MetricsBearerToken is { } expected && TokenMatches(expected, authorization["Bearer ".Length..].Trim())
                ? new Allowed(null)
                : new Refused(403, AccessDenied, "The bearer token is not the one configured in metrics.bearerToken.");
        }
        // Open mode: open, as before, unless the config asks for a token.
        if (!Strict)
        {
            return settings.MetricsBearerToken is null
                ? new Allowed(null)
                : new Refused(401, AuthErrors.MissingAuthenticationTokenCode,
                    "Missing Authentication Token: send 'Authorization: Bearer <metrics.bearerToken>'.", "Bearer");
        }
        if (!HttpSignedRequests.IsSigned(http.Request))
        {
            return new Refused(401, AuthErrors.MissingAuthenticationTokenCode,
                settings.MetricsBearerToken is null
                    ? "Missing Authentication Token: sign the request with SigV4 (service 'events') using a key of an account in adminAccounts."
                    : "Missing Authentication Token: send 'Authorization: Bearer <metrics.bearerToken>' or sign the request as an admin account.",
                settings.MetricsBearerToken is null ? SigV4Constants.Algorithm : "Bearer");
        }
        return ForAdmin(http, body);
    }

    /// <summary>Writes a refusal as AWS JSON services do, with a request id and, for 401, the scheme to use.</summary>
    public static Task WriteAsync(HttpContext http, Refused refused)
    {
        http.Response.Headers["x-amzn-RequestId"] = RequestIds.NewId();
        if (refused.Challenge is { } scheme) http.Response.Headers.WWWAuthenticate = scheme;
        return AwsJsonEndpoint.WriteErrorAsync(http, refused.Status, refused.Code, refused.Message);
    }

    // Constant time: the token is a bearer secret. FixedTimeEquals answers false at once for another length.
    private static bool TokenMatches(string expected, string provided) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(provided));
}
