using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Switchyard.Protocol;
using Switchyard.Protocol.Auth;
using Switchyard.Protocol.Model;
using Switchyard.Protocol.Model.Validation;

namespace Switchyard.Scheduler.Protocol;

/// <summary>
/// EventBridge Scheduler's front door (REST-JSON): <c>/schedules/…</c>, <c>/schedule-groups/…</c> and <c>/tags/…</c> on
/// the EventBridge port. Authenticates with SigV4 for the service <c>scheduler</c> (same credentials, accounts and
/// auth modes as EventBridge), binds URI and query members into the body, validates it against Scheduler's model and
/// answers JSON, or AWS's REST-JSON error: the code in <c>x-amzn-ErrorType</c> and <c>{"Message": ...}</c> in the
/// body, which botocore's rest-json parser and the JS SDK turn into the modeled exception classes.
/// </summary>
public sealed class SchedulerEndpoint(
    SchedulerOperationRegistry operations,
    SchedulerAuthenticator authenticator,
    Settings.ServiceLimits limits,
    Firing.SchedulerTime time,
    ILogger<SchedulerEndpoint> logger)
{
    private const string ContentType = "application/json";

    /// <summary>The path prefixes this endpoint owns (every operation's requestUri starts with one).</summary>
    public static readonly string[] PathPrefixes = ["/schedules", "/schedule-groups", "/tags"];

    public async Task HandleAsync(HttpContext http)
    {
        var requestId = RequestIds.NewId();
        http.Response.Headers["x-amzn-RequestId"] = requestId;
        if (await RequestBody.ReadOrRefuseAsync(http, limits.MaxRequestBodyBytes) is not { } received) return;

        // The path names the operation, so a presigned URL has no operation header to sign.
        var auth = authenticator.Authenticator.Authenticate(HttpSignedRequests.From(http, received), operationHeader: null);
        if (auth is AuthResult.Failure failure)
        {
            RequestLog.Refused(logger, failure.ErrorCode, failure.StatusCode, RequestLog.AccessKeyId(http.Request.Headers.Authorization.ToString()),
                http.Connection.RemoteIpAddress?.ToString() ?? "-", failure.Message);
            await WriteErrorAsync(http, failure.StatusCode, failure.ErrorCode, failure.Message);
            return;
        }
        var identity = (AuthResult.Success)auth;

        var rawTarget = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path.Value ?? "/";
        var queryStart = rawTarget.IndexOf('?');
        var rawPath = queryStart < 0 ? rawTarget : rawTarget[..queryStart];
        if (!RestRequestBinder.TryMatch(http.Request.Method, rawPath, out var model, out var labels)
            || !operations.Registry.TryGet(model!.Name, out var invoke))
        {
            await WriteErrorAsync(http, 404, SchedulerErrorCodes.UnknownOperationException, $"No operation for {http.Request.Method} {rawPath}.");
            return;
        }

        var query = http.Request.Query.ToDictionary(q => q.Key, q => q.Value.Where(v => v is not null).Select(v => v!).ToArray(), StringComparer.Ordinal);
        var merged = RestRequestBinder.Merge(model, received.Bytes, labels, query);
        if (merged is null)
        {
            await WriteErrorAsync(http, 400, SchedulerErrorCodes.ValidationException, "The request body is not a JSON object.");
            return;
        }
        var outcome = RequestValidator.Validate(model, merged, out var document);
        if (!outcome.IsValid)
        {
            // REST-JSON services answer a body of the wrong JSON type with a ValidationException too.
            await WriteErrorAsync(http, 400, SchedulerErrorCodes.ValidationException, outcome.Message ?? "The request is not valid.");
            return;
        }

        // Received at the Scheduler's time (the test clock, when on), so dates are judged as the schedule clock fires.
        var context = new RequestContext(requestId, identity.AccountId, identity.Region, identity.AccessKeyId, time.GetUtcNow());
        using (document)
        {
            try
            {
                var response = await invoke(document!.RootElement, context, http.RequestAborted);
                http.Response.StatusCode = 200;
                http.Response.ContentType = ContentType;
                http.Response.ContentLength = response.Length;
                await http.Response.Body.WriteAsync(response, http.RequestAborted);
            }
            catch (AwsServiceException error)
            {
                var code = error.ErrorCode == AwsErrorCodes.SerializationException ? SchedulerErrorCodes.ValidationException : error.ErrorCode;
                await WriteErrorAsync(http, code == error.ErrorCode ? error.StatusCode : 400, code, error.ErrorMessage ?? code);
            }
            catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
            {
            }
            catch (Exception error)
            {
                logger.LogError(error, "scheduler operation {Operation} failed (request {RequestId})", model.Name, requestId);
                await WriteErrorAsync(http, 500, SchedulerErrorCodes.InternalServerException, "An internal error occurred.");
            }
        }
    }

    private static async Task WriteErrorAsync(HttpContext http, int status, string code, string? message)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new ErrorBody(message ?? code), SchedulerProtocolJsonContext.Default.ErrorBody);
        http.Response.StatusCode = status;
        http.Response.Headers["x-amzn-ErrorType"] = code;
        http.Response.ContentType = ContentType;
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body);
    }
}

/// <summary>The REST-JSON error body: <c>{"Message": "..."}</c> (the model's error shapes have one member, Message).</summary>
public sealed record ErrorBody([property: System.Text.Json.Serialization.JsonPropertyName("Message")] string Message);

[System.Text.Json.Serialization.JsonSerializable(typeof(ErrorBody))]
internal sealed partial class SchedulerProtocolJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
