namespace Switchyard.Delivery.ApiDestinations;

/// <summary>
/// What an endpoint's answer means for delivery. AWS retries 401, 407, 409, 429 and 5xx answers and timeouts, and
/// gives up on any other error status (EventBridge user guide, "API destination error codes").
/// </summary>
public static class InvocationOutcomes
{
    public static InvocationResult FromStatus(int status)
    {
        if (status is >= 200 and <= 299) return InvocationResult.Success;
        var message = $"The API destination endpoint answered HTTP {status}.";
        return status switch
        {
            429 => InvocationResult.Failure(DeliveryErrorCodes.Throttling, message, retryable: true),
            401 or 407 or 409 or >= 500 => InvocationResult.Failure(DeliveryErrorCodes.ThirdPartyError, message, retryable: true),
            _ => InvocationResult.Failure(DeliveryErrorCodes.ThirdPartyError, message, retryable: false),
        };
    }

    public static InvocationResult Timeout(TimeSpan limit) =>
        InvocationResult.Failure(DeliveryErrorCodes.Timeout,
            $"The API destination endpoint did not answer within {limit.TotalSeconds:0.#} seconds.", retryable: true);

    public static InvocationResult Unreachable(string reason) =>
        InvocationResult.Failure(DeliveryErrorCodes.ThirdPartyError, $"The API destination endpoint could not be reached: {reason}", retryable: true);
}
