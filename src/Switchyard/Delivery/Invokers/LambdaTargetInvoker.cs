using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Switchyard.Domain;
using Switchyard.Hosting;

namespace Switchyard.Delivery.Invokers;

/// <summary>
/// Lambda function targets, invoked asynchronously as EventBridge does, here as a POST of the payload to the URL the
/// config maps the function to: <c>"lambda": {"functions": {"arn:aws:lambda:REGION:ACCOUNT:function:NAME": "http://..."}}</c>.
/// 2xx is success; 429 and 5xx are retried; other 4xx are not; a function with no URL is a missing resource.
/// </summary>
public sealed class LambdaTargetInvoker : ITargetInvoker, IDisposable
{
    private readonly Dictionary<string, Uri> _functions = new(StringComparer.Ordinal);
    private readonly HttpClient _http;

    public LambdaTargetInvoker(ModuleSettings modules, DeliveryOptions options)
    {
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = options.HttpTimeout };
        if (!modules.TryGet("lambda", out var section) || section.ValueKind != JsonValueKind.Object) return;
        foreach (var property in section.EnumerateObject())
        {
            if (ServerOptionsLoader.Canonical(property.Name) != "functions") continue;
            if (property.Value.ValueKind != JsonValueKind.Object) throw new OptionsException("lambda.functions must map function ARNs to URLs");
            foreach (var function in property.Value.EnumerateObject())
            {
                if (function.Value.ValueKind != JsonValueKind.String || !Uri.TryCreate(function.Value.GetString(), UriKind.Absolute, out var url))
                    throw new OptionsException($"lambda.functions[\"{function.Name}\"] must be an absolute URL");
                _functions[function.Name] = url;
            }
        }
    }

    public bool CanHandle(ParsedArn targetArn) => targetArn.Service == "lambda";

    public async ValueTask<InvocationResult> InvokeAsync(TargetInvocation invocation, CancellationToken cancellation)
    {
        var arn = invocation.Target.Arn!;
        if (!TryResolve(arn, out var url))
            return InvocationResult.Failure(DeliveryErrorCodes.NoResource, $"Function not found: {arn} (no URL for it in the lambda.functions config)", retryable: false);
        try
        {
            using var content = new ByteArrayContent(invocation.Payload);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await _http.PostAsync(url, content, cancellation);
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300) return InvocationResult.Success;
            var message = $"Lambda URL {url} answered {status} {response.ReasonPhrase}";
            return response.StatusCode switch
            {
                HttpStatusCode.TooManyRequests => InvocationResult.Failure(DeliveryErrorCodes.Throttling, message, retryable: true),
                HttpStatusCode.NotFound => InvocationResult.Failure(DeliveryErrorCodes.NoResource, message, retryable: false),
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => InvocationResult.Failure(DeliveryErrorCodes.NoPermissions, message, retryable: false),
                _ when status >= 500 => InvocationResult.Failure(DeliveryErrorCodes.ThirdPartyError, message, retryable: true),
                _ => InvocationResult.Failure(DeliveryErrorCodes.ThirdPartyError, message, retryable: false),
            };
        }
        catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return InvocationResult.Failure(DeliveryErrorCodes.Timeout, $"Lambda URL {url} did not answer within {_http.Timeout.TotalSeconds:0.###} s", retryable: true);
        }
        catch (HttpRequestException error)
        {
            return InvocationResult.Failure(DeliveryErrorCodes.SdkClientError, $"Lambda URL {url}: {HttpFailureText.Describe(error)}", retryable: true);
        }
    }

    /// <summary>The function's URL; a qualified ARN (<c>:function:NAME:ALIAS</c>) falls back to the unqualified one.</summary>
    private bool TryResolve(string arn, out Uri url)
    {
        if (_functions.TryGetValue(arn, out url!)) return true;
        var parts = arn.Split(':');
        return parts.Length == 8 && _functions.TryGetValue(string.Join(':', parts[..7]), out url!);
    }

    public void Dispose() => _http.Dispose();
}
