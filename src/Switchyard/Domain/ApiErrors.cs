using AwsErrorCodes = Switchyard.Protocol.Model.AwsErrorCodes;
using AwsServiceException = Switchyard.Protocol.Model.AwsServiceException;

namespace Switchyard.Domain;

/// <summary>The AWS errors the domain raises, with AWS's message texts in one place.</summary>
public static class ApiErrors
{
    public static AwsServiceException Validation(string message) => new(AwsErrorCodes.ValidationException, message);

    public static AwsServiceException NotFound(string message) => new(AwsErrorCodes.ResourceNotFoundException, message);

    public static AwsServiceException AlreadyExists(string message) => new(AwsErrorCodes.ResourceAlreadyExistsException, message);

    public static AwsServiceException LimitExceeded(string message = "The requested resource exceeds the maximum number allowed.") =>
        new(AwsErrorCodes.LimitExceededException, message);

    public static AwsServiceException EventBusNotFound(string name) => NotFound($"Event bus {name} does not exist.");

    public static AwsServiceException AccessDenied(string principalArn, string action, string resourceArn) =>
        new(AwsErrorCodes.AccessDeniedException,
            $"User: {principalArn} is not authorized to perform: {action} on resource: {resourceArn} because no resource-based policy allows the {action} action");

    /// <summary>Another writer kept changing the resource while this one retried (the AWS model: "concurrent modification
    /// on a rule, target, archive, or replay").</summary>
    public static AwsServiceException ConcurrentModification() =>
        new(AwsErrorCodes.ConcurrentModificationException, "There is concurrent modification on a resource; retry the request.");
}
