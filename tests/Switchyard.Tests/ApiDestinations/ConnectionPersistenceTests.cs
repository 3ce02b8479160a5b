using Microsoft.Extensions.DependencyInjection;
using Switchyard.Delivery;
using Switchyard.Delivery.ApiDestinations;
using Switchyard.Hosting;
using Switchyard.Tests.Integration;
using Switchyard.Settings;

namespace Switchyard.Tests.ApiDestinations;

public sealed class ConnectionPersistenceTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "switchyard-apidest-" + Guid.NewGuid().ToString("N"));
    private FakeHttpEndpoint _endpoint = null!;

    public async Task InitializeAsync() => _endpoint = await FakeHttpEndpoint.StartAsync();

    public async Task DisposeAsync()
    {
        await _endpoint.DisposeAsync();
        if (Directory.Exists(_dataDirectory)) Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task Connections_destinations_and_their_secrets_survive_a_restart()
    {
        var options = new ServerOptions { DataDirectory = _dataDirectory };
        string destinationArn;
        await using (var server = await ServerHarness.StartAsync(options))
        {
            var connection = await server.CallAsync("CreateConnection", """
                {"Name":"keyed","AuthorizationType":"API_KEY","AuthParameters":{"ApiKeyAuthParameters":{"ApiKeyName":"x-api-key","ApiKeyValue":"kept"},
                 "InvocationHttpParameters":{"HeaderParameters":[{"Key":"x-hidden","Value":"secret-header","IsValueSecret":true}]}}}
                """);
            var connectionArn = connection.Json.GetProperty("ConnectionArn").GetString();
            var destination = await server.CallAsync("CreateApiDestination",
                $$"""{"Name":"dest","ConnectionArn":"{{connectionArn}}","InvocationEndpoint":"{{_endpoint.BaseUrl}}/hook","HttpMethod":"POST","InvocationRateLimitPerSecond":10}""");
            destinationArn = destination.Json.GetProperty("ApiDestinationArn").GetString()!;
        }

        await using (var restarted = await ServerHarness.StartAsync(options))
        {
            var described = await restarted.CallAsync("DescribeApiDestination", """{"Name":"dest"}""");
            Assert.Equal(10, described.Json.GetProperty("InvocationRateLimitPerSecond").GetInt32());
            Assert.Equal("ACTIVE", described.Json.GetProperty("ApiDestinationState").GetString());

            // Echoing Describe's parameters back (secret values are not shown) keeps the secret value.
            var updated = await restarted.CallAsync("UpdateConnection", """
                {"Name":"keyed","AuthParameters":{"InvocationHttpParameters":{"HeaderParameters":[{"Key":"x-hidden","IsValueSecret":true},{"Key":"x-new","Value":"n"}]}}}
                """);
            Assert.Equal(200, updated.Status);

            var invoker = restarted.Services.GetServices<ITargetInvoker>().OfType<ApiDestinationInvoker>().Single();
            var result = await invoker.InvokeAsync(InvokerFixture.Invocation(destinationArn, """{"a":1}"""), CancellationToken.None);

            Assert.True(result.Succeeded, result.ErrorMessage);
            var request = Assert.Single(_endpoint.ApiRequests);
            Assert.Equal("kept", request.Header("x-api-key"));
            Assert.Equal("secret-header", request.Header("x-hidden"));
            Assert.Equal("n", request.Header("x-new"));
        }
    }
}
