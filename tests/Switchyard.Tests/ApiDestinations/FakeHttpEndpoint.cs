using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Switchyard.Tests.ApiDestinations;

/// <summary>
/// An HTTP server on a loopback port standing in for both an OAuth authorization server (<c>/oauth/token</c>) and
/// the API behind a destination (everything else). It records every request with the time it arrived.
/// </summary>
internal sealed class FakeHttpEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _tokensIssued;

    private FakeHttpEndpoint(WebApplication app) => _app = app;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public string BaseUrl => _app.Urls.First();

    /// <summary>The lifetime the token endpoint announces in expires_in (null: leave it out).</summary>
    public int? TokenLifetimeSeconds { get; set; } = 3600;

    /// <summary>Status the token endpoint answers with instead of a token, when set.</summary>
    public int? TokenEndpointFailure { get; set; }

    /// <summary>Tokens the API accepts; a token is valid once issued unless revoked.</summary>
    public ConcurrentDictionary<string, bool> ValidTokens { get; } = new();

    /// <summary>Statuses the API answers, one per request, before it answers 200.</summary>
    public ConcurrentQueue<int> ScriptedStatuses { get; } = new();

    /// <summary>When set, the API asks for this bearer token and answers 401 without it.</summary>
    public bool RequireBearer { get; set; }

    /// <summary>How long the API waits before it answers.</summary>
    public TimeSpan ResponseDelay { get; set; }

    public int TokensIssued => _tokensIssued;

    public IEnumerable<RecordedRequest> TokenRequests => Requests.Where(r => r.Path == "/oauth/token");

    public IEnumerable<RecordedRequest> ApiRequests => Requests.Where(r => r.Path != "/oauth/token");

    public static async Task<FakeHttpEndpoint> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var endpoint = new FakeHttpEndpoint(app);
        app.Run(endpoint.HandleAsync);
        await app.StartAsync();
        return endpoint;
    }

    private async Task HandleAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync();
        var recorded = new RecordedRequest(
            Stopwatch.GetTimestamp(),
            http.Request.Method,
            http.Request.Path.Value ?? "",
            http.Request.QueryString.Value ?? "",
            http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body);
        Requests.Enqueue(recorded);

        if (recorded.Path == "/oauth/token")
        {
            if (TokenEndpointFailure is { } failure)
            {
                http.Response.StatusCode = failure;
                return;
            }
            var token = $"token-{Interlocked.Increment(ref _tokensIssued)}";
            ValidTokens[token] = true;
            http.Response.ContentType = "application/json";
            var expires = TokenLifetimeSeconds is { } seconds ? $",\"expires_in\":{seconds}" : "";
            await http.Response.WriteAsync($"{{\"access_token\":\"{token}\",\"token_type\":\"Bearer\"{expires}}}");
            return;
        }

        if (RequireBearer)
        {
            var authorization = recorded.Header("Authorization") ?? "";
            if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || !ValidTokens.TryGetValue(authorization[7..], out var valid) || !valid)
            {
                http.Response.StatusCode = 401;
                return;
            }
        }
        if (ResponseDelay > TimeSpan.Zero) await Task.Delay(ResponseDelay);
        http.Response.StatusCode = ScriptedStatuses.TryDequeue(out var status) ? status : 200;
        await http.Response.WriteAsync("ok");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed record RecordedRequest(long Timestamp, string Method, string Path, string Query, Dictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
