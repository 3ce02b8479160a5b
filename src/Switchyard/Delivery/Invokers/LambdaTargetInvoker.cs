using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Switchyard.Domain;
using Switchyard.Settings;

namespace Switchyard.Delivery.Invokers;

/// <summary>
/// Lambda function targets, invoked asynchronously as EventBridge does, here as a POST of the payload to the URL the
/// config maps the function to: <c>"lambda": {"functions": {"arn:aws:lambda:REGION:ACCOUNT:function:NAME": "http://..."}}</c>,
/// or, to let other accounts' rules invoke it, <c>{"url": "http://...", "allowAccounts": ["..."], "policy": {...}}</c>
/// (the function's resource policy, as <c>lambda add-permission</c> builds it; see <see cref="TargetAccess"/>).
/// 2xx is success; 429 and 5xx are retried; other 4xx are not; a function with no URL is a missing resource.
/// </summary>
public sealed class LambdaTargetInvoker : ITargetInvoker, IDisposable
{
    private static readonly string[] Actions = ["lambda:InvokeFunction"];
    private readonly Dictionary<string, (Uri Url, TargetGrant Grant)> _functions = new(StringComparer.Ordinal);
    private readonly HttpClient _http;
    private readonly TargetAccess _access;

    public LambdaTargetInvoker(ModuleSettings modules, DeliveryOptions options, TargetAccess access)
    {
        _access = access;
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = options.HttpTimeout };
        if (!modules.TryGet("lambda", out var section) || section.ValueKind != JsonValueKind.Object) return;
        foreach (var property in section.EnumerateObject())
        {
            if (SettingNames.Canonical(property.Name) != "functions") continue;
            if (property.Value.ValueKind != JsonValueKind.Object) throw new OptionsException("lambda.functions must map function ARNs to URLs");
            foreach (var function in property.Value.EnumerateObject())
                _functions[function.Name] = ReadFunction(function);
        }
    }

    private static (Uri, TargetGrant) ReadFunction(JsonProperty function)
    {
        var where = $"lambda.functions[\"{function.Name}\"]";
        if (function.Value.ValueKind == JsonValueKind.String) return (ReadUrl(function.Value, where), TargetGrant.None);
        if (function.Value.ValueKind != JsonValueKind.Object) throw new OptionsException($"{where} must be an absolute URL or an object with a url");
        Uri? url = null;
        IReadOnlyList<string> accounts = [];
        IReadOnlyList<string> policies = [];
        foreach (var member in function.Value.EnumerateObject())
        {
            switch (SettingNames.Canonical(member.Name))
            {
                case "url": url = ReadUrl(member.Value, $"{where}.url"); break;
                case "allowaccounts": accounts = TargetGrant.ReadAccounts(member.Value, $"{where}.allowAccounts"); break;
                case "policy": policies = [TargetGrant.ReadPolicy(member.Value, $"{where}.policy")]; break;
                default: throw new OptionsException($"unknown setting: {where}.{member.Name}");
            }
        }
        return (url ?? throw new OptionsException($"{where} needs a url"), new TargetGrant(accounts, policies));
    }

    private static Uri ReadUrl(JsonElement value, string where) =>
        value.ValueKind == JsonValueKind.String && Uri.TryCreate(value.GetString(), UriKind.Absolute, out var url)
            ? url
            : throw new OptionsException($"{where} must be an absolute URL");

    public bool CanHandle(ParsedArn targetArn) => targetArn.Service == "lambda";

    public async ValueTask<InvocationResult> InvokeAsync(TargetInvocation invocation, CancellationToken cancellation)
    {
        var arn = invocation.Target.Arn;
        if (!TryResolve(arn, out var function))
            return InvocationResult.Failure(DeliveryErrorCodes.NoResource, $"Function not found: {arn} (no URL for it in the lambda.functions config)", retryable: false);
        if (_access.Check(invocation, invocation.TargetArn.AccountId, arn, Actions, function.Grant, "function") is { } refused)
            return refused;
        var url = function.Url;
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
    private bool TryResolve(string arn, out (Uri Url, TargetGrant Grant) function)
    {
        if (_functions.TryGetValue(arn, out function)) return true;
        var parts = arn.Split(':');
        return parts.Length == 8 && _functions.TryGetValue(string.Join(':', parts[..7]), out function);
    }

    public void Dispose() => _http.Dispose();
}
