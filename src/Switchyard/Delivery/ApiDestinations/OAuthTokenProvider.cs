using System.Collections.Concurrent;
using Switchyard.Domain.Connections;
using Switchyard.Settings;

namespace Switchyard.Delivery.ApiDestinations;

/// <summary>
/// The access tokens of OAuth connections: one cached token per connection, kept until shortly before it expires,
/// fetched by one caller at a time (others wait and share it), and fetched again when an endpoint rejected it.
/// Each fetch's outcome moves the connection to AUTHORIZED or DEAUTHORIZED, as on AWS.
/// </summary>
public sealed class OAuthTokenProvider(
    OAuthTokenClient client,
    ConnectionCatalog connections,
    ApiDestinationSettings settings,
    TimeProvider time,
    ILogger<OAuthTokenProvider> logger) : IConnectionAuthorizer, IDisposable
{
    private readonly ConcurrentDictionary<string, TokenEntry> _entries = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;

    /// <summary>
    /// A token for the connection. <paramref name="rejectedToken"/> is the token an endpoint just refused (401/407):
    /// a new one is fetched unless another caller already replaced it.
    /// </summary>
    public async Task<OAuthTokenResult> GetTokenAsync(Connection connection, string? rejectedToken, CancellationToken cancellation)
    {
        var oauth = connection.Auth?.OAuth ?? throw new InvalidOperationException($"{connection.Arn} has no OAuth credentials");
        var entry = _entries.GetOrAdd(connection.Arn, _ => new TokenEntry());
        await entry.Gate.WaitAsync(cancellation);
        try
        {
            if (entry.AuthVersion == connection.AuthVersion && entry.Token is { } cached &&
                cached.AccessToken != rejectedToken && IsFresh(cached, entry.FetchedAt))
            {
                return OAuthTokenResult.Success(cached);
            }
            entry.Token = null;
            var fetchedAt = time.GetUtcNow();
            var result = await client.FetchAsync(oauth, cancellation);
            if (result.Token is not null)
            {
                entry.Token = result.Token;
                entry.FetchedAt = fetchedAt;
                entry.AuthVersion = connection.AuthVersion;
                connections.RecordAuthorization(connection, succeeded: true, reason: null);
            }
            else if (!result.Transient)
            {
                connections.RecordAuthorization(connection, succeeded: false, reason: result.Error);
            }
            return result;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    public void BeginAuthorization(Connection connection)
    {
        _ = Task.Run(async () =>
        {
            try
            {
                var result = await GetTokenAsync(connection, rejectedToken: null, _stopping.Token);
                // Creating or updating the connection is the moment AWS authorizes it: an endpoint that cannot be
                // reached then leaves the connection DEAUTHORIZED too, until a call succeeds or it is updated.
                if (result.Token is null && result.Transient)
                    connections.RecordAuthorization(connection, succeeded: false, reason: result.Error);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
            }
            catch (Exception error)
            {
                logger.LogWarning(error, "authorizing connection {Connection} failed", connection.Arn);
            }
        });
    }

    public void Forget(Connection connection) => _entries.TryRemove(connection.Arn, out _);

    /// <summary>Stops background authorizations. The container may call it twice (the provider is also the authorizer).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _stopping.Cancel();
        _stopping.Dispose();
    }

    /// <summary>A token is replaced a margin before it expires: the configured margin, or a tenth of a short lifetime.</summary>
    private bool IsFresh(OAuthToken token, DateTimeOffset fetchedAt)
    {
        if (token.ExpiresAt is not { } expiresAt) return true;
        var lifetime = expiresAt - fetchedAt;
        var margin = TimeSpan.FromTicks(Math.Min(settings.TokenRefreshMargin.Ticks, lifetime.Ticks / 10));
        return time.GetUtcNow() < expiresAt - margin;
    }

    private sealed class TokenEntry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public OAuthToken? Token { get; set; }
        public DateTimeOffset FetchedAt { get; set; }
        public int AuthVersion { get; set; }
    }
}
