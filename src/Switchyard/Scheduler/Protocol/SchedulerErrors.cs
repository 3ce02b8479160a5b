using Switchyard.Protocol.Model;

namespace Switchyard.Scheduler.Protocol;

/// <summary>
/// Scheduler's errors, thrown as <see cref="AwsServiceException"/> with the HTTP status the model gives each error
/// shape (<c>error.httpStatusCode</c>): the REST-JSON endpoint sends the code in <c>x-amzn-ErrorType</c>.
/// </summary>
public static class SchedulerErrors
{
    public static AwsServiceException Validation(string message) => new(SchedulerErrorCodes.ValidationException, message, 400);

    public static AwsServiceException Conflict(string message) => new(SchedulerErrorCodes.ConflictException, message, 409);

    public static AwsServiceException NotFound(string message) => new(SchedulerErrorCodes.ResourceNotFoundException, message, 404);

    public static AwsServiceException QuotaExceeded(string message) => new(SchedulerErrorCodes.ServiceQuotaExceededException, message, 402);

    /// <summary>The status the model gives an error code (400 for the protocol-level codes it does not model).</summary>
    public static int StatusOf(string code) => code switch
    {
        SchedulerErrorCodes.ConflictException => 409,
        SchedulerErrorCodes.ResourceNotFoundException => 404,
        SchedulerErrorCodes.ServiceQuotaExceededException => 402,
        SchedulerErrorCodes.ThrottlingException => 429,
        SchedulerErrorCodes.InternalServerException => 500,
        SchedulerErrorCodes.AccessDeniedException => 403,
        _ => 400,
    };
}
