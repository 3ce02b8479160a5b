using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Switchyard.Protocol.Auth;
using Switchyard.Protocol.Model;
using Switchyard.Protocol.Model.Serialization;
using Switchyard.Protocol.Model.Validation;
using Switchyard.Settings;

namespace Switchyard.Protocol;

/// <summary>
/// The AWS JSON 1.1 front door: <c>POST /</c> with <c>X-Amz-Target: AWSEvents.Operation</c>. Authenticates the
/// request (SigV4), validates its body against the service model, runs the operation and writes the answer or
/// AWS's error shape (<c>{"__type": ..., "message": ...}</c>) with <c>x-amzn-RequestId</c>.
/// </summary>
public sealed class AwsJsonEndpoint(
    OperationRegistry operations,
    SigV4Authenticator authenticator,
    ServiceLimits limits,
    TimeProvider time,
    ILogger<AwsJsonEndpoint> logger)
{
    private const string ContentType = "application/x-amz-json-1.1";

    /// <summary>The header that names the operation; a presigned request must sign it (see SigV4Authenticator).</summary>
    private const string TargetHeader = "x-amz-target";

    public async Task HandleAsync(HttpContext http)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var names = new CallNames();
        try
        {
            await HandleCoreAsync(http, names);
        }
        finally
        {
            if (logger.IsEnabled(LogLevel.Debug))
            {
                RequestLog.Request(logger, names.Operation, names.Account, names.Region, http.Response.StatusCode,
                    Math.Round(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, 2), names.RequestId);
            }
        }
    }

    /// <summary>What the request line names, filled in as the request is understood.</summary>
    private sealed class CallNames
    {
        public string RequestId = "-";
        public string Operation = "-";
        public string Account = "-";
        public string Region = "-";
    }

    private async Task HandleCoreAsync(HttpContext http, CallNames names)
    {
        var requestId = RequestIds.NewId();
        names.RequestId = requestId;
        http.Response.Headers["x-amzn-RequestId"] = requestId;
        if (await RequestBody.ReadOrRefuseAsync(http, limits.MaxRequestBodyBytes) is not { } received) return;
        var body = received.Bytes;

        var auth = authenticator.Authenticate(HttpSignedRequests.From(http, received), TargetHeader);
        if (auth is AuthResult.Failure failure)
        {
            RequestLog.Refused(logger, failure.ErrorCode, failure.StatusCode, RequestLog.AccessKeyId(http.Request.Headers.Authorization.ToString()),
                http.Connection.RemoteIpAddress?.ToString() ?? "-", failure.Message);
            await WriteErrorAsync(http, failure.StatusCode, failure.ErrorCode, failure.Message);
            return;
        }
        var identity = (AuthResult.Success)auth;
        names.Account = identity.AccountId;
        names.Region = identity.Region;

        if (!ServiceModel.TryGetOperationForTarget(http.Request.Headers["X-Amz-Target"].ToString(), out var model))
        {
            await WriteErrorAsync(http, 400, AwsErrorCodes.UnknownOperationException, null);
            return;
        }
        var operationName = model.Name;
        names.Operation = operationName;
        if (!operations.TryGet(operationName, out var invoke))
        {
            // An EventBridge operation this server does not serve yet: say so plainly, never a fake success.
            await WriteErrorAsync(http, 400, AwsErrorCodes.UnknownOperationException, $"Switchyard does not support {operationName} yet.");
            return;
        }

        var context = new RequestContext(requestId, identity.AccountId, identity.Region, identity.AccessKeyId, time.GetUtcNow());
        if (operations.TryGetBodyInvoker(operationName, out var hotPath)
            && hotPath(body, context, http.RequestAborted) is { } running)
        {
            await RespondAsync(http, operationName, requestId, running);
            return;
        }

        var outcome = RequestValidator.Validate(model, body, out var document);
        if (!outcome.IsValid)
        {
            await WriteErrorAsync(http, 400, outcome.ErrorCode!, outcome.Message);
            return;
        }

        // The validator hands over the parsed body only when it is valid.
        using (document)
        {
            Task<byte[]> call;
            try
            {
                call = invoke(document!.RootElement, context, http.RequestAborted).AsTask();
            }
            catch (Exception error)
            {
                call = Task.FromException<byte[]>(error);
            }
            await RespondAsync(http, operationName, requestId, call);
        }
    }

    /// <summary>Writes the operation's answer, or the AWS error it ended in.</summary>
    private async Task RespondAsync(HttpContext http, string operationName, string requestId, Task<byte[]> call)
    {
        try
        {
            var response = await call;
            http.Response.StatusCode = 200;
            http.Response.ContentType = ContentType;
            http.Response.ContentLength = response.Length;
            await http.Response.Body.WriteAsync(response, http.RequestAborted);
        }
        catch (AwsServiceException error)
        {
            await WriteErrorAsync(http, error.StatusCode, error.ErrorCode, error.ErrorMessage);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            // Never leak a stack trace to the client: AWS answers an InternalException with status 500.
            logger.LogError(error, "operation {Operation} failed (request {RequestId})", operationName, requestId);
            await WriteErrorAsync(http, 500, AwsErrorCodes.InternalException, "An internal error occurred.");
        }
    }

    public static Task WriteErrorAsync(HttpContext http, int status, string code, string? message)
    {
        var body = EventsJson.WriteError(code, message);
        http.Response.StatusCode = status;
        http.Response.ContentType = ContentType;
        http.Response.ContentLength = body.Length;
        return http.Response.Body.WriteAsync(body).AsTask();
    }
}
