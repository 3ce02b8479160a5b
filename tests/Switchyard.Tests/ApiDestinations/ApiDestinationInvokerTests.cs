using System.Diagnostics;
using System.Text;
using Switchyard.Delivery;
using Switchyard.Domain.Connections;
using Switchyard.Domain.Targets;

namespace Switchyard.Tests.ApiDestinations;

public sealed class ApiDestinationInvokerTests : IAsyncLifetime
{
    private FakeHttpEndpoint _endpoint = null!;
    private readonly InvokerFixture _fixture = new();

    public async Task InitializeAsync() => _endpoint = await FakeHttpEndpoint.StartAsync();

    public async Task DisposeAsync()
    {
        _fixture.Dispose();
        await _endpoint.DisposeAsync();
    }

    private ConnectionAuth OAuth(HttpParameterSet? oauthParameters = null) => new()
    {
        OAuth = new OAuthClientCredentials("my-client", "my-secret", $"{_endpoint.BaseUrl}/oauth/token", "POST", oauthParameters),
    };

    [Fact]
    public async Task Api_key_connection_sends_the_key_header_and_aws_headers()
    {
        var connection = _fixture.AddConnection("key", AuthorizationTypes.ApiKey,
            new ConnectionAuth { ApiKey = new ApiKeyCredentials("x-api-key", "s3cret") });
        var destination = _fixture.AddDestination("d", connection, $"{_endpoint.BaseUrl}/hook");

        var result = await _fixture.InvokeAsync(destination, """{"a":1}""");

        Assert.True(result.Succeeded, result.ErrorMessage);
        var request = Assert.Single(_endpoint.ApiRequests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/hook", request.Path);
        Assert.Equal("s3cret", request.Header("x-api-key"));
        Assert.Equal("Amazon/EventBridge/ApiDestinations", request.Header("User-Agent"));
        Assert.Equal("application/json; charset=utf-8", request.Header("Content-Type"));
        Assert.Equal("bytes=0-1048575", request.Header("Range"));
        Assert.Equal("""{"a":1}""", request.Body);
    }

    [Fact]
    public async Task A_rule_of_another_account_gets_no_permissions_and_the_endpoint_no_call()
    {
        var connection = _fixture.AddConnection("key", AuthorizationTypes.ApiKey,
            new ConnectionAuth { ApiKey = new ApiKeyCredentials("x-api-key", "s3cret") });
        var destination = _fixture.AddDestination("d", connection, $"{_endpoint.BaseUrl}/hook");
        var invocation = InvokerFixture.Invocation(destination.Arn, "{}");
        var foreign = invocation with { Rule = invocation.Rule with { AccountId = "210987654321" } };

        var result = await _fixture.Invoker.InvokeAsync(foreign, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(DeliveryErrorCodes.NoPermissions, result.ErrorCode);
        Assert.False(result.Retryable);
        Assert.Empty(_endpoint.ApiRequests);
    }

    [Fact]
    public async Task Basic_connection_sends_basic_authorization()
    {
        var connection = _fixture.AddConnection("basic", AuthorizationTypes.Basic,
            new ConnectionAuth { Basic = new BasicCredentials("user", "pa:ss") });
        var destination = _fixture.AddDestination("d", connection, $"{_endpoint.BaseUrl}/hook", method: "PUT");

        var result = await _fixture.InvokeAsync(destination);

        Assert.True(result.Succeeded, result.ErrorMessage);
        var request = Assert.Single(_endpoint.ApiRequests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("user:pa:ss")), request.Header("Authorization"));
    }

    [Fact]
    public async Task Path_wildcards_query_and_headers_merge_with_connection_taking_precedence()
    {
        var connection = _fixture.AddConnection("params", AuthorizationTypes.ApiKey, new ConnectionAuth
        {
            ApiKey = new ApiKeyCredentials("x-api-key", "k"),
            InvocationParameters = new HttpParameterSet
            {
                Headers = [new HttpParameter("x-team", "from-connection", false), new HttpParameter("x-secret", "hidden", true)],
                QueryString = [new HttpParameter("q", "conn", false)],
                Body = [new HttpParameter("added", "yes", false)],
            },
        });
        var destination = _fixture.AddDestination("d", connection, $"{_endpoint.BaseUrl}/orders/*/items/*?fixed=1");

        var result = await _fixture.InvokeAsync(destination, """{"id":7}""", new HttpParameters
        {
            PathParameterValues = ["o 1", "i2"],
            HeaderParameters = new Dictionary<string, string> { ["x-team"] = "from-target", ["x-target"] = "t" },
            QueryStringParameters = new Dictionary<string, string> { ["q"] = "target", ["other"] = "x" },
        });

        Assert.True(result.Succeeded, result.ErrorMessage);
        var request = Assert.Single(_endpoint.ApiRequests);
        Assert.Equal("/orders/o 1/items/i2", request.Path);
        var query = request.Query.TrimStart('?').Split('&').ToHashSet();
        Assert.Equal(["fixed=1", "other=x", "q=conn"], query.Order());
        Assert.Equal("from-connection", request.Header("x-team"));
        Assert.Equal("t", request.Header("x-target"));
        Assert.Equal("hidden", request.Header("x-secret"));
        Assert.Equal("""{"id":7,"added":"yes"}""", request.Body);
    }

    [Fact]
    public async Task Missing_path_parameter_values_fail_without_a_call()
    {
        var connection = _fixture.AddConnection("c", AuthorizationTypes.ApiKey, new ConnectionAuth { ApiKey = new ApiKeyCredentials("k", "v") });
        var destination = _fixture.AddDestination("d", connection, $"{_endpoint.BaseUrl}/a/*");

        var result = await _fixture.InvokeAsync(destination);

        Assert.False(result.Succeeded);
        Assert.False(result.Retryable);
        Assert.Empty(_endpoint.ApiRequests);
    }

    [Fact]
    public async Task OAuth_token_is_fetched_once_and_reused()
    {
        _endpoint.RequireBearer = true;
        var connection = _fixture.AddConnection("oauth", AuthorizationTypes.OAuthClientCredentials, OAuth(new HttpParameterSet
        {
            Body = [new HttpParameter("audience", "api", false)],
            Headers = [new HttpParameter("x-oauth", "h", false)],
            QueryString = [new HttpParameter("tenant", "t1", false)],
        }));
        var destination = _fixture.AddDestination("d", connection, $"{_endpoint.BaseUrl}/hook");

        for (var i = 0; i < 3; i++) Assert.True((await _fixture.InvokeAsync(destination)).Succeeded);

        var tokenRequest = Assert.Single(_endpoint.TokenRequests);
        Assert.Equal("POST", tokenRequest.Method);
        Assert.Equal("?tenant=t1", tokenRequest.Query);
        Assert.Equal("h", tokenRequest.Header("x-oauth"));
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("my-client:my-secret")), tokenRequest.Header("Authorization"));
        Assert.Equal("grant_type=client_credentials&audience=api", tokenRequest.Body);
        Assert.All(_endpoint.ApiRequests, r => Assert.Equal("Bearer token-1", r.Header("Authorization")));
        Assert.Equal(3, _endpoint.ApiRequests.Count());
    }

    [Fact]
    public async Task OAuth_token_is_refreshed_when_it_expires()
    {
        _endpoint.RequireBearer = true;
        _endpoint.TokenLifetimeSeconds = 60;
        var connection = _fixture.AddConnection("oauth", AuthorizationTypes.OAuthClientCredentials, OAuth());
        var destination = _fixture.AddDestination("d", connection, $"{_endpoint.BaseUrl}/hook");

        Assert.True((await _fixture.InvokeAsync(destination)).Succeeded);
        _fixture.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True((await _fixture.InvokeAsync(destination)).Succeeded);
        Assert.Equal(1, _endpoint.TokensIssued);

        // Past the refresh margin (a tenth of the 60 s lifetime) a new token is fetched before the call.
        _fixture.Clock.Advance(TimeSpan.FromSeconds(25));
        Assert.True((await _fixture.InvokeAsync(destination)).Succeeded);

        Assert.Equal(2, _endpoint.TokensIssued);
        Assert.Equal(["Bearer token-1", "Bearer token-1", "Bearer token-2"], _endpoint.ApiRequests.Select(r => r.Header("Authorization")));
    }

    [Fact]
    public async Task OAuth_token_rejected_with_401_is_fetched_again_once()
    {
        _endpoint.RequireBearer = true;
        var connection = _fixture.AddConnection("oauth", AuthorizationTypes.OAuthClientCredentials, OAuth());
        var destination = _fixture.AddDestination("d", connection, $"{_endpoint.BaseUrl}/hook");
        Assert.True((await _fixture.InvokeAsync(destination)).Succeeded);

        _endpoint.ValidTokens["token-1"] = false;
        var result = await _fixture.InvokeAsync(destination);

        Assert.True(result.Succeeded, result.ErrorMessage);
        Assert.Equal(2, _endpoint.TokensIssued);
        Assert.Equal(["Bearer token-1", "Bearer token-1", "Bearer token-2"], _endpoint.ApiRequests.Select(r => r.Header("Authorization")));
    }

    [Fact]
    public async Task OAuth_401_after_a_fresh_token_is_a_retryable_failure()
    {
        var connection = _fixture.AddConnection("oauth", AuthorizationTypes.OAuthClientCredentials, OAuth());
        var destination = _fixture.AddDestination("d", connection, $"{_endpoint.BaseUrl}/hook");
        _endpoint.ScriptedStatuses.Enqueue(401);
        _endpoint.ScriptedStatuses.Enqueue(401);

        var result = await _fixture.InvokeAsync(destination);

        Assert.False(result.Succeeded);
        Assert.True(result.Retryable);
        Assert.Equal(2, _endpoint.ApiRequests.Count());
        Assert.Equal(2, _endpoint.TokensIssued);
    }

    [Fact]
    public async Task Token_endpoint_refusal_deauthorizes_the_connection()
    {
        _endpoint.TokenEndpointFailure = 400;
        var connection = _fixture.AddConnection("oauth", AuthorizationTypes.OAuthClientCredentials, OAuth());
        var destination = _fixture.AddDestination("d", connection, $"{_endpoint.BaseUrl}/hook");

        var result = await _fixture.InvokeAsync(destination);

        Assert.Equal(DeliveryErrorCodes.NoPermissions, result.ErrorCode);
        Assert.False(result.Retryable);
        Assert.Empty(_endpoint.ApiRequests);
        var stored = _fixture.Connections.Get(InvokerFixture.Scope, "oauth");
        Assert.Equal(ConnectionStates.Deauthorized, stored.State);
        Assert.Contains("400", stored.StateReason);
    }

    [Theory]
    [InlineData(429, DeliveryErrorCodes.Throttling, true)]
    [InlineData(500, DeliveryErrorCodes.ThirdPartyError, true)]
    [InlineData(503, DeliveryErrorCodes.ThirdPartyError, true)]
    [InlineData(409, DeliveryErrorCodes.ThirdPartyError, true)]
    [InlineData(400, DeliveryErrorCodes.ThirdPartyError, false)]
    [InlineData(404, DeliveryErrorCodes.ThirdPartyError, false)]
    public async Task Status_codes_map_to_retryable_or_final_failures(int status, string code, bool retryable)
    {
        var connection = _fixture.AddConnection("c", AuthorizationTypes.ApiKey, new ConnectionAuth { ApiKey = new ApiKeyCredentials("k", "v") });
        var destination = _fixture.AddDestination("d", connection, $"{_endpoint.BaseUrl}/hook");
        _endpoint.ScriptedStatuses.Enqueue(status);

        var result = await _fixture.InvokeAsync(destination);

        Assert.False(result.Succeeded);
        Assert.Equal(code, result.ErrorCode);
        Assert.Equal(retryable, result.Retryable);
    }

    [Fact]
    public async Task Slow_endpoint_is_a_retryable_timeout()
    {
        using var fixture = new InvokerFixture(new() { InvocationTimeout = TimeSpan.FromMilliseconds(200) });
        _endpoint.ResponseDelay = TimeSpan.FromSeconds(2);
        var connection = fixture.AddConnection("c", AuthorizationTypes.ApiKey, new ConnectionAuth { ApiKey = new ApiKeyCredentials("k", "v") });
        var destination = fixture.AddDestination("d", connection, $"{_endpoint.BaseUrl}/hook");

        var result = await fixture.InvokeAsync(destination);

        Assert.Equal(DeliveryErrorCodes.Timeout, result.ErrorCode);
        Assert.True(result.Retryable);
    }

    [Fact]
    public async Task Deauthorized_connection_fails_with_no_permissions_without_a_call()
    {
        var connection = _fixture.AddConnection("c", AuthorizationTypes.ApiKey, new ConnectionAuth { ApiKey = new ApiKeyCredentials("k", "v") });
        var destination = _fixture.AddDestination("d", connection, $"{_endpoint.BaseUrl}/hook");
        _fixture.Connections.Update(InvokerFixture.Scope, "c", c => c with { Auth = null, State = ConnectionStates.Deauthorized });

        var result = await _fixture.InvokeAsync(destination);

        Assert.Equal(DeliveryErrorCodes.NoPermissions, result.ErrorCode);
        Assert.False(result.Retryable);
        Assert.Empty(_endpoint.ApiRequests);
    }

    [Fact]
    public async Task Deleted_destination_is_no_resource()
    {
        var connection = _fixture.AddConnection("c", AuthorizationTypes.ApiKey, new ConnectionAuth { ApiKey = new ApiKeyCredentials("k", "v") });
        var destination = _fixture.AddDestination("d", connection, $"{_endpoint.BaseUrl}/hook");
        _fixture.Destinations.Delete(InvokerFixture.Scope, "d");

        var result = await _fixture.InvokeAsync(destination);

        Assert.Equal(DeliveryErrorCodes.NoResource, result.ErrorCode);
        Assert.False(result.Retryable);
    }

    [Fact]
    public async Task Rate_limit_spaces_calls_to_one_destination()
    {
        var connection = _fixture.AddConnection("c", AuthorizationTypes.ApiKey, new ConnectionAuth { ApiKey = new ApiKeyCredentials("k", "v") });
        var limited = _fixture.AddDestination("slow", connection, $"{_endpoint.BaseUrl}/slow", rate: 5);

        // Ten concurrent invocations at 5 per second: the last can go out no earlier than 9 intervals (1.8 s) after the first.
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => _fixture.InvokeAsync(limited).AsTask()));

        Assert.All(results, r => Assert.True(r.Succeeded, r.ErrorMessage));
        var arrivals = _endpoint.ApiRequests.Select(r => r.Timestamp).Order().ToList();
        Assert.Equal(10, arrivals.Count);
        var span = Stopwatch.GetElapsedTime(arrivals[0], arrivals[^1]);
        Assert.True(span >= TimeSpan.FromSeconds(1.7), $"10 calls at 5/s arrived within {span}");
        // No burst: any seven consecutive arrivals span six intervals (1.2 s), less the jitter of a loaded machine
        // between a call leaving and its arrival being stamped (an unlimited sender puts them within milliseconds).
        for (var i = 0; i + 6 < arrivals.Count; i++)
        {
            var seven = Stopwatch.GetElapsedTime(arrivals[i], arrivals[i + 6]);
            Assert.True(seven >= TimeSpan.FromSeconds(0.8), $"arrivals {i}..{i + 6} within {seven}: " + string.Join(",", arrivals.Select(a => Stopwatch.GetElapsedTime(arrivals[0], a).TotalMilliseconds.ToString("F0"))));
        }
    }
}
