using Switchyard.Domain.Connections;

namespace Switchyard.Delivery.ApiDestinations;

/// <summary>
/// At start-up, authorizes the OAuth connections that were still AUTHORIZING when the server stopped, so none
/// stays in that state until its first invocation.
/// </summary>
public sealed class PendingAuthorizationResumer(ConnectionCatalog connections, IConnectionAuthorizer authorizer) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var connection in connections.All)
        {
            if (connection.State == ConnectionStates.Authorizing && connection.Auth?.OAuth is not null)
                authorizer.BeginAuthorization(connection);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
