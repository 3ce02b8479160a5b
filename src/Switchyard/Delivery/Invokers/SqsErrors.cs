using System.Net;
using Amazon.Runtime;
using Amazon.SQS.Model;

namespace Switchyard.Delivery.Invokers;

/// <summary>Maps what the SQS SDK throws to EventBridge's dead-letter error codes and retryability.</summary>
public static class SqsErrors
{
    public static InvocationResult Classify(Exception error) => error switch
    {
        QueueDoesNotExistException => InvocationResult.Failure(DeliveryErrorCodes.NoResource, error.Message, retryable: false),
        RequestThrottledException or OverLimitException => InvocationResult.Failure(DeliveryErrorCodes.Throttling, error.Message, retryable: true),
        AmazonServiceException { StatusCode: HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized } =>
            InvocationResult.Failure(DeliveryErrorCodes.NoPermissions, error.Message, retryable: false),
        AmazonServiceException { StatusCode: HttpStatusCode.TooManyRequests } =>
            InvocationResult.Failure(DeliveryErrorCodes.Throttling, error.Message, retryable: true),
        AmazonServiceException { StatusCode: >= HttpStatusCode.InternalServerError } =>
            InvocationResult.Failure(DeliveryErrorCodes.SdkClientError, error.Message, retryable: true),
        AmazonServiceException { ErrorCode: "AWS.SimpleQueueService.NonExistentQueue" } =>
            InvocationResult.Failure(DeliveryErrorCodes.NoResource, error.Message, retryable: false),
        // Other 4xx answers (bad parameters, message too large) will not change on a retry.
        AmazonServiceException => InvocationResult.Failure(DeliveryErrorCodes.SdkClientError, error.Message, retryable: false),
        // The endpoint could not be reached or did not answer in time: worth another try.
        OperationCanceledException or TimeoutException => InvocationResult.Failure(DeliveryErrorCodes.Timeout, error.Message, retryable: true),
        _ => InvocationResult.Failure(DeliveryErrorCodes.SdkClientError, error.Message, retryable: true),
    };
}
