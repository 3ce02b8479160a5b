using Switchyard.Domain;
using Switchyard.Domain.ApiDestinations;
using Switchyard.Domain.Connections;
using Switchyard.Settings;

namespace Switchyard.Delivery.ApiDestinations;

/// <summary>
/// Delivers an event to an API destination (<c>arn:aws:events:REGION:ACCOUNT:api-destination/NAME/UUID</c>):
/// waits for the destination's rate limit, adds the connection's credentials, sends the payload with the
/// destination's method and says what the answer means. An OAuth endpoint that rejects the token (401 or 407) gets
/// one more call with a freshly fetched token.
/// </summary>
public sealed class ApiDestinationInvoker(
    ApiDestinationCatalog destinations,
    ConnectionCatalog connections,
    OAuthTokenProvider tokens,
    InvocationRateLimiters rateLimiters,
    ApiDestinationHttpClient client,
    ApiDestinationSettings settings) : ITargetInvoker
{
    public bool CanHandle(ParsedArn targetArn) => ApiDestinationArns.IsApiDestination(targetArn);

    public async ValueTask<InvocationResult> InvokeAsync(TargetInvocation invocation, CancellationToken cancellation)
    {
        // No resource policy grants another account an API destination (and its connection's credentials) on AWS.
        if (invocation.TargetArn.AccountId != invocation.Rule.Scope.AccountId)
        {
            return InvocationResult.Failure(DeliveryErrorCodes.NoPermissions,
                $"API destination {invocation.Target.Arn} belongs to another account than rule {invocation.Rule.Arn}", retryable: false);
        }
        if (!destinations.TryGetByArn(invocation.TargetArn, out var destination))
            return InvocationResult.Failure(DeliveryErrorCodes.NoResource, $"API destination {invocation.Target.Arn} does not exist.", retryable: false);
        if (!connections.TryGetByArn(destination.ConnectionArn, out var connection))
            return InvocationResult.Failure(DeliveryErrorCodes.NoResource, $"Connection {destination.ConnectionArn} does not exist.", retryable: false);
        if (connection.Auth is null)
        {
            return InvocationResult.Failure(DeliveryErrorCodes.NoPermissions,
                $"Connection {connection.Name} is deauthorized: {connection.StateReason}", retryable: false);
        }

        await rateLimiters.For(destination).WaitTurnAsync(cancellation);

        var isOAuth = connection.Auth.OAuth is not null;
        string? rejectedToken = null;
        for (var attempt = 0; ; attempt++)
        {
            string? accessToken = null;
            if (isOAuth)
            {
                var token = await tokens.GetTokenAsync(connection, rejectedToken, cancellation);
                if (token.Token is null)
                {
                    return token.Transient
                        ? InvocationResult.Failure(DeliveryErrorCodes.ThirdPartyError, token.Error!, retryable: true)
                        : InvocationResult.Failure(DeliveryErrorCodes.NoPermissions, $"Connection {connection.Name} could not be authorized: {token.Error}", retryable: false);
                }
                accessToken = token.Token.AccessToken;
            }

            var status = await SendAsync(destination, connection, invocation, accessToken, cancellation);
            if (status.Result is { } final) return final;
            // A rejected OAuth token is replaced once, within this attempt (EventBridge refreshes on 401 and 407).
            if (isOAuth && attempt == 0 && status.Code is 401 or 407)
            {
                rejectedToken = accessToken;
                continue;
            }
            return InvocationOutcomes.FromStatus(status.Code);
        }
    }

    private async Task<SendOutcome> SendAsync(ApiDestination destination, Connection connection, TargetInvocation invocation,
        string? accessToken, CancellationToken cancellation)
    {
        using var request = ApiDestinationRequestBuilder.Build(destination, connection, invocation.Target.HttpParameters,
            invocation.Payload, accessToken, out var error);
        if (request is null) return new SendOutcome(0, InvocationResult.Failure(DeliveryErrorCodes.SdkClientError, error!, retryable: false));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(settings.InvocationTimeout);
        try
        {
            using var response = await client.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var code = (int)response.StatusCode;
            return new SendOutcome(code, code is >= 200 and <= 299 ? InvocationResult.Success : null);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return new SendOutcome(0, InvocationOutcomes.Timeout(settings.InvocationTimeout));
        }
        catch (HttpRequestException failure)
        {
            return new SendOutcome(0, InvocationOutcomes.Unreachable(HttpFailureText.Describe(failure)));
        }
    }

    /// <summary>The status an endpoint answered, or the final result when there is nothing more to decide.</summary>
    private readonly record struct SendOutcome(int Code, InvocationResult? Result);
}
