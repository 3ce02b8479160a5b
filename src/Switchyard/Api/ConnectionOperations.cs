using Switchyard.Api.Mapping;
using Switchyard.Domain;
using Switchyard.Domain.Connections;
using Switchyard.Protocol;
using Switchyard.Protocol.Model;
using ConnectionRecord = Switchyard.Domain.Connections.Connection;

namespace Switchyard.Api;

/// <summary>CreateConnection, DescribeConnection, ListConnections, UpdateConnection, DeauthorizeConnection, DeleteConnection.</summary>
public sealed class ConnectionOperations(ConnectionCatalog connections, IConnectionAuthorizer authorizer, TimeProvider time) : IOperationGroup
{
    /// <summary>The reason AWS records on a connection emptied by DeauthorizeConnection.</summary>
    public const string DeauthorizedReason =
        "The authorization parameters were removed from this connection by a DeauthorizeConnection operation.";

    public void Register(OperationRegistry registry)
    {
        registry.Add<CreateConnectionRequest, CreateConnectionResponse>("CreateConnection", Create);
        registry.Add<DescribeConnectionRequest, DescribeConnectionResponse>("DescribeConnection", Describe);
        registry.Add<ListConnectionsRequest, ListConnectionsResponse>("ListConnections", List);
        registry.Add<UpdateConnectionRequest, UpdateConnectionResponse>("UpdateConnection", Update);
        registry.Add<DeauthorizeConnectionRequest, DeauthorizeConnectionResponse>("DeauthorizeConnection", Deauthorize);
        registry.Add<DeleteConnectionRequest, DeleteConnectionResponse>("DeleteConnection", Delete);
    }

    private CreateConnectionResponse Create(CreateConnectionRequest request, RequestContext context)
    {
        var type = request.AuthorizationType!;
        var auth = ConnectionAuthBuilder.FromCreate(type, request.AuthParameters!) with
        {
            AuthorizationConnectivity = ConnectivityMapping.FromRequest(request.AuthParameters!.ConnectivityParameters, context.Scope),
        };
        var now = time.GetUtcNow();
        // OAuth connections start AUTHORIZING until a token was fetched; the others are authorized at once
        // (LocalStack snapshots test_create_connection_with_auth, recorded against AWS).
        var oauth = type == AuthorizationTypes.OAuthClientCredentials;
        var connection = connections.Create(new ConnectionRecord
        {
            AccountId = context.AccountId,
            Region = context.Region,
            Name = request.Name!,
            Id = Guid.NewGuid().ToString(),
            Description = request.Description,
            AuthorizationType = type,
            State = oauth ? ConnectionStates.Authorizing : ConnectionStates.Authorized,
            KmsKeyIdentifier = request.KmsKeyIdentifier,
            Auth = auth,
            Connectivity = ConnectivityMapping.FromRequest(request.InvocationConnectivityParameters, context.Scope),
            SecretId = Guid.NewGuid().ToString(),
            SecretSuffix = ConnectionArns.NewSecretSuffix(),
            AuthVersion = 1,
            CreationTime = now,
            LastModifiedTime = now,
            LastAuthorizedTime = oauth ? null : now,
        });
        if (oauth) authorizer.BeginAuthorization(connection);
        return new CreateConnectionResponse
        {
            ConnectionArn = connection.Arn,
            ConnectionState = connection.State,
            CreationTime = connection.CreationTime,
            LastModifiedTime = connection.LastModifiedTime,
        };
    }

    private DescribeConnectionResponse Describe(DescribeConnectionRequest request, RequestContext context)
    {
        var connection = connections.Get(context.Scope, request.Name!);
        return new DescribeConnectionResponse
        {
            ConnectionArn = connection.Arn,
            Name = connection.Name,
            Description = connection.Description,
            InvocationConnectivityParameters = ConnectivityMapping.ToWire(connection.Connectivity),
            ConnectionState = connection.State,
            StateReason = connection.StateReason,
            AuthorizationType = connection.AuthorizationType,
            // A deauthorized connection has no secret any more.
            SecretArn = connection.Auth is null ? null : connection.SecretArn,
            KmsKeyIdentifier = connection.KmsKeyIdentifier,
            AuthParameters = ConnectionPublicView.AuthParameters(connection),
            CreationTime = connection.CreationTime,
            LastModifiedTime = connection.LastModifiedTime,
            LastAuthorizedTime = connection.LastAuthorizedTime,
        };
    }

    private ListConnectionsResponse List(ListConnectionsRequest request, RequestContext context)
    {
        var all = connections.List(context.Scope)
            .Where(c => request.NamePrefix is null || c.Name.StartsWith(request.NamePrefix, StringComparison.Ordinal))
            .Where(c => request.ConnectionState is null || c.State == request.ConnectionState)
            .ToList();
        var (page, next) = Pagination.Page(all, c => c.Name, request.NextToken, request.Limit);
        return new ListConnectionsResponse
        {
            Connections = page.Select(c => new Protocol.Model.Connection
            {
                ConnectionArn = c.Arn,
                Name = c.Name,
                ConnectionState = c.State,
                StateReason = c.StateReason,
                AuthorizationType = c.AuthorizationType,
                CreationTime = c.CreationTime,
                LastModifiedTime = c.LastModifiedTime,
                LastAuthorizedTime = c.LastAuthorizedTime,
            }).ToList(),
            NextToken = next,
        };
    }

    private UpdateConnectionResponse Update(UpdateConnectionRequest request, RequestContext context)
    {
        var authChanged = false;
        var updated = connections.Update(context.Scope, request.Name!, current =>
        {
            if (current.State == ConnectionStates.Deleting) throw ConnectionErrors.BeingDeleted(current.Name);
            var type = request.AuthorizationType ?? current.AuthorizationType;
            var next = current with
            {
                Description = request.Description ?? current.Description,
                KmsKeyIdentifier = request.KmsKeyIdentifier ?? current.KmsKeyIdentifier,
                Connectivity = request.InvocationConnectivityParameters is null
                    ? current.Connectivity
                    : ConnectivityMapping.FromRequest(request.InvocationConnectivityParameters, context.Scope),
                LastModifiedTime = time.GetUtcNow(),
            };
            // Credentials change when new ones are given, or when a deauthorized connection is authorized again.
            if (request.AuthParameters is not null || request.AuthorizationType is not null)
            {
                var auth = ConnectionAuthBuilder.FromUpdate(current, type, request.AuthParameters) with
                {
                    AuthorizationConnectivity = request.AuthParameters?.ConnectivityParameters is { } connectivity
                        ? ConnectivityMapping.FromRequest(connectivity, context.Scope)
                        : current.Auth?.AuthorizationConnectivity,
                };
                authChanged = true;
                var oauth = type == AuthorizationTypes.OAuthClientCredentials;
                next = next with
                {
                    AuthorizationType = type,
                    Auth = auth,
                    AuthVersion = current.AuthVersion + 1,
                    State = oauth ? ConnectionStates.Authorizing : ConnectionStates.Authorized,
                    StateReason = null,
                    LastAuthorizedTime = oauth ? current.LastAuthorizedTime : next.LastModifiedTime,
                };
            }
            return next;
        });
        if (authChanged)
        {
            authorizer.Forget(updated);
            if (updated.AuthorizationType == AuthorizationTypes.OAuthClientCredentials) authorizer.BeginAuthorization(updated);
        }
        return new UpdateConnectionResponse
        {
            ConnectionArn = updated.Arn,
            ConnectionState = updated.State,
            CreationTime = updated.CreationTime,
            LastModifiedTime = updated.LastModifiedTime,
            LastAuthorizedTime = updated.LastAuthorizedTime,
        };
    }

    private DeauthorizeConnectionResponse Deauthorize(DeauthorizeConnectionRequest request, RequestContext context)
    {
        DateTimeOffset? priorModified = null;
        var updated = connections.Update(context.Scope, request.Name!, current =>
        {
            if (current.State == ConnectionStates.Deleting) throw ConnectionErrors.BeingDeleted(current.Name);
            priorModified = current.LastModifiedTime;
            if (current.Auth is null) return current;
            // The secret is deleted: every credential and parameter goes; the connection stays, DEAUTHORIZED, until it
            // is given new credentials with UpdateConnection.
            return current with
            {
                Auth = null,
                AuthVersion = current.AuthVersion + 1,
                State = ConnectionStates.Deauthorized,
                StateReason = DeauthorizedReason,
                LastModifiedTime = time.GetUtcNow(),
            };
        });
        authorizer.Forget(updated);
        // AWS answers with the transitional state and the times as they were before the call.
        return new DeauthorizeConnectionResponse
        {
            ConnectionArn = updated.Arn,
            ConnectionState = ConnectionStates.Deauthorizing,
            CreationTime = updated.CreationTime,
            LastModifiedTime = priorModified,
            LastAuthorizedTime = updated.LastAuthorizedTime,
        };
    }

    private DeleteConnectionResponse Delete(DeleteConnectionRequest request, RequestContext context)
    {
        // AWS lets a connection be deleted while API destinations use it; those become INACTIVE and their
        // invocations fail.
        var deleted = connections.Delete(context.Scope, request.Name!);
        authorizer.Forget(deleted);
        // AWS answers DELETING (LocalStack snapshot test_delete_connection, recorded against AWS).
        return new DeleteConnectionResponse
        {
            ConnectionArn = deleted.Arn,
            ConnectionState = ConnectionStates.Deleting,
            CreationTime = deleted.CreationTime,
            LastModifiedTime = deleted.LastModifiedTime,
            LastAuthorizedTime = deleted.LastAuthorizedTime,
        };
    }
}
