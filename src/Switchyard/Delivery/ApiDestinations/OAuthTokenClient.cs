using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Switchyard.Domain.Connections;
using Switchyard.Settings;

namespace Switchyard.Delivery.ApiDestinations;

/// <summary>
/// Fetches an access token with the OAuth 2.0 client-credentials grant (RFC 6749 §4.4): the connection's
/// AuthorizationEndpoint is called with its HttpMethod, the client ID and secret as HTTP Basic credentials
/// (§2.3.1), and the connection's OAuthHttpParameters as headers, query string and form body. A grant_type of
/// client_credentials is sent unless the body parameters name one.
/// </summary>
public sealed class OAuthTokenClient(ApiDestinationHttpClient client, ApiDestinationSettings settings, TimeProvider time)
{
    public async Task<OAuthTokenResult> FetchAsync(OAuthClientCredentials oauth, CancellationToken cancellation)
    {
        var parameters = oauth.HttpParameters ?? HttpParameterSet.Empty;
        var url = QueryStrings.Append(oauth.AuthorizationEndpoint,
            (parameters.QueryString ?? []).Select(p => new KeyValuePair<string, string>(p.Key, p.Value)));
        using var request = new HttpRequestMessage(new HttpMethod(oauth.HttpMethod), url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{oauth.ClientId}:{oauth.ClientSecret}")));
        request.Headers.Accept.ParseAdd("application/json");
        foreach (var header in parameters.Headers ?? []) request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        if (oauth.HttpMethod != "GET")
        {
            var form = (parameters.Body ?? []).Select(p => new KeyValuePair<string, string>(p.Key, p.Value)).ToList();
            if (!form.Any(p => p.Key == "grant_type")) form.Insert(0, new("grant_type", "client_credentials"));
            request.Content = new FormUrlEncodedContent(form);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(settings.InvocationTimeout);
        HttpResponseMessage response;
        try
        {
            response = await client.Http.SendAsync(request, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return OAuthTokenResult.Failure($"The authorization endpoint did not answer within {settings.InvocationTimeout.TotalSeconds:0.#} seconds.", transient: true);
        }
        catch (HttpRequestException error)
        {
            return OAuthTokenResult.Failure($"The authorization endpoint could not be reached: {HttpFailureText.Describe(error)}", transient: true);
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellation);
            var status = (int)response.StatusCode;
            if (status is < 200 or > 299)
            {
                var transient = status == 429 || status >= 500;
                return OAuthTokenResult.Failure($"The authorization endpoint answered HTTP {status}.", transient);
            }
            return Parse(body);
        }
    }

    private OAuthTokenResult Parse(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("access_token", out var token) ||
                token.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(token.GetString()))
            {
                return OAuthTokenResult.Failure("The authorization endpoint's answer has no access_token.", transient: false);
            }
            DateTimeOffset? expiresAt = null;
            if (root.TryGetProperty("expires_in", out var expiresIn))
            {
                // Some servers send the lifetime as a string; both forms are seconds.
                var seconds = expiresIn.ValueKind switch
                {
                    JsonValueKind.Number => expiresIn.GetDouble(),
                    JsonValueKind.String when double.TryParse(expiresIn.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var s) => s,
                    _ => (double?)null,
                };
                if (seconds is not null) expiresAt = time.GetUtcNow().AddSeconds(seconds.Value);
            }
            return OAuthTokenResult.Success(new OAuthToken(token.GetString()!, expiresAt));
        }
        catch (JsonException)
        {
            return OAuthTokenResult.Failure("The authorization endpoint's answer is not JSON.", transient: false);
        }
    }
}
