using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Switchyard.Delivery;
using Switchyard.Delivery.ApiDestinations;
using Switchyard.Domain;
using Switchyard.Domain.ApiDestinations;
using Switchyard.Domain.Connections;
using Switchyard.Domain.Rules;
using Switchyard.Domain.Targets;
using Switchyard.Storage;
using Switchyard.Storage.Catalog;
using Switchyard.Storage.Versioned;
using ApiDestinationRecord = Switchyard.Domain.ApiDestinations.ApiDestination;
using ConnectionRecord = Switchyard.Domain.Connections.Connection;
using Switchyard.Settings;
using Switchyard.Domain.Routing;

namespace Switchyard.Tests.ApiDestinations;

/// <summary>The API destination invoker wired to in-memory catalogs, with helpers to make connections, destinations and invocations.</summary>
internal sealed class InvokerFixture : IDisposable
{
    public static readonly AccountRegion Scope = new("123456789012", "us-east-1");

    public InvokerFixture(ApiDestinationSettings? settings = null)
    {
        Settings = settings ?? new ApiDestinationSettings();
        var pump = new ChangeFeedPump(new InMemoryVersionedStore());
        Connections = new ConnectionCatalog(pump, Clock, 3000);
        Destinations = new ApiDestinationCatalog(pump, 3000);
        Http = new ApiDestinationHttpClient();
        Tokens = new OAuthTokenProvider(new OAuthTokenClient(Http, Settings, Clock), Connections, Settings, Clock,
            NullLogger<OAuthTokenProvider>.Instance);
        Invoker = new ApiDestinationInvoker(Destinations, Connections, Tokens, new InvocationRateLimiters(Clock), Http, Settings);
    }

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    public ApiDestinationSettings Settings { get; }
    public ConnectionCatalog Connections { get; }
    public ApiDestinationCatalog Destinations { get; }
    public ApiDestinationHttpClient Http { get; }
    public OAuthTokenProvider Tokens { get; }
    public ApiDestinationInvoker Invoker { get; }

    public ConnectionRecord AddConnection(string name, string type, ConnectionAuth auth) =>
        Connections.Create(new ConnectionRecord
        {
            AccountId = Scope.AccountId,
            Region = Scope.Region,
            Name = name,
            Id = Guid.NewGuid().ToString(),
            AuthorizationType = type,
            State = ConnectionStates.Authorized,
            Auth = auth,
            SecretId = Guid.NewGuid().ToString(),
            SecretSuffix = "abc123",
            AuthVersion = 1,
            CreationTime = Clock.GetUtcNow(),
            LastModifiedTime = Clock.GetUtcNow(),
        });

    public ApiDestinationRecord AddDestination(string name, ConnectionRecord connection, string endpoint, string method = "POST", int rate = 300) =>
        Destinations.Create(new ApiDestinationRecord
        {
            AccountId = Scope.AccountId,
            Region = Scope.Region,
            Name = name,
            Id = Guid.NewGuid().ToString(),
            ConnectionArn = connection.Arn,
            InvocationEndpoint = endpoint,
            HttpMethod = method,
            InvocationRateLimitPerSecond = rate,
            CreationTime = Clock.GetUtcNow(),
            LastModifiedTime = Clock.GetUtcNow(),
        });

    public ValueTask<InvocationResult> InvokeAsync(ApiDestinationRecord destination, string payload = """{"hello":"world"}""",
        HttpParameters? httpParameters = null) =>
        Invoker.InvokeAsync(Invocation(destination.Arn, payload, httpParameters), CancellationToken.None);

    /// <summary>What the dispatcher hands an invoker for one attempt at one event.</summary>
    public static TargetInvocation Invocation(string destinationArn, string payload, HttpParameters? httpParameters = null)
    {
        if (!Arns.TryParse(destinationArn, out var arn)) throw new ArgumentException($"not an ARN: {destinationArn}", nameof(destinationArn));
        var target = new RuleTarget { Id = "t1", Arn = destinationArn, HttpParameters = httpParameters };
        var now = DateTimeOffset.UtcNow;
        var rule = new Rule
        {
            AccountId = Scope.AccountId,
            Region = Scope.Region,
            BusName = "default",
            Name = "r1",
            State = RuleStates.Enabled,
            CreatedBy = Scope.AccountId,
            CreationTime = now,
            Targets = [target],
        };
        var bytes = Encoding.UTF8.GetBytes(payload);
        var accepted = new AcceptedEvent(Guid.NewGuid().ToString(), Scope, "default", bytes, now, 0);
        return new TargetInvocation(rule, target, arn, accepted, bytes, 1);
    }

    public void Dispose()
    {
        Tokens.Dispose();
        Http.Dispose();
    }
}
