using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Switchyard.Domain.ApiDestinations;
using Switchyard.Domain.Connections;
using Switchyard.Domain.Targets;

namespace Switchyard.Delivery.ApiDestinations;

/// <summary>
/// Builds the HTTP request of one invocation. The target's HttpParameters fill the endpoint's <c>*</c> path
/// wildcards and add headers and query parameters; the connection's InvocationHttpParameters are merged over them
/// ("any values from the Connection taking precedence", API reference of HttpParameters), its body parameters are
/// added to a JSON object payload, and its credentials go last so nothing can replace them.
/// </summary>
public static class ApiDestinationRequestBuilder
{
    public const string UserAgent = "Amazon/EventBridge/ApiDestinations";
    public const string DefaultContentType = "application/json; charset=utf-8";
    /// <summary>EventBridge reads at most the first MiB of an answer and says so.</summary>
    public const string Range = "bytes=0-1048575";

    private static readonly HashSet<string> ReservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Transfer-Encoding", "Connection",
    };

    /// <returns>The request, or null with <paramref name="error"/> when the target's parameters do not fit the endpoint.</returns>
    public static HttpRequestMessage? Build(ApiDestination destination, Connection connection, HttpParameters? target, byte[] payload,
        string? accessToken, out string? error)
    {
        var auth = connection.Auth!;
        var invocation = auth.InvocationParameters ?? HttpParameterSet.Empty;
        var url = FillPathWildcards(destination.InvocationEndpoint, target?.PathParameterValues ?? [], out error);
        if (url is null) return null;

        var query = target?.QueryStringParameters is { } given ? new List<KeyValuePair<string, string>>(given) : [];
        foreach (var parameter in invocation.QueryString ?? [])
        {
            query.RemoveAll(p => p.Key == parameter.Key);
            query.Add(new(parameter.Key, parameter.Value));
        }
        url = QueryStrings.Append(url, query);

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (target?.HeaderParameters is { } targetHeaders)
        {
            foreach (var (key, value) in targetHeaders) headers[key] = value;
        }
        foreach (var parameter in invocation.Headers ?? []) headers[parameter.Key] = parameter.Value;

        var method = new HttpMethod(destination.HttpMethod);
        var request = new HttpRequestMessage(method, url);
        if (method != HttpMethod.Get && method != HttpMethod.Head)
        {
            request.Content = new ByteArrayContent(WithBodyParameters(payload, invocation.Body));
            request.Content.Headers.TryAddWithoutValidation("Content-Type",
                headers.Remove("Content-Type", out var contentType) ? contentType : DefaultContentType);
        }
        else
        {
            headers.Remove("Content-Type");
        }
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        request.Headers.TryAddWithoutValidation("Range", Range);
        foreach (var (key, value) in headers)
        {
            if (ReservedHeaders.Contains(key)) continue;
            request.Headers.Remove(key);
            if (!request.Headers.TryAddWithoutValidation(key, value)) request.Content?.Headers.TryAddWithoutValidation(key, value);
        }
        AddCredentials(request, auth, accessToken);
        return request;
    }

    private static void AddCredentials(HttpRequestMessage request, ConnectionAuth auth, string? accessToken)
    {
        if (auth.Basic is { } basic)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{basic.Username}:{basic.Password}")));
        }
        else if (auth.ApiKey is { } apiKey)
        {
            request.Headers.Remove(apiKey.Name);
            request.Headers.TryAddWithoutValidation(apiKey.Name, apiKey.Value);
        }
        else if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }
    }

    /// <summary>Replaces each <c>*</c> of the URL's path, in order, with the next path parameter value (percent-encoded).</summary>
    public static string? FillPathWildcards(string endpoint, IReadOnlyList<string> values, out string? error)
    {
        error = null;
        var queryStart = endpoint.IndexOf('?');
        var path = queryStart < 0 ? endpoint : endpoint[..queryStart];
        var wildcards = path.Count(c => c == '*');
        if (wildcards == 0) return endpoint;
        if (values.Count < wildcards)
        {
            error = $"The InvocationEndpoint has {wildcards} path wildcard(s) but the target's HttpParameters give {values.Count} PathParameterValues.";
            return null;
        }
        var builder = new StringBuilder(endpoint.Length + 32);
        var next = 0;
        foreach (var c in path)
        {
            if (c == '*') builder.Append(Uri.EscapeDataString(values[next++]));
            else builder.Append(c);
        }
        if (queryStart >= 0) builder.Append(endpoint, queryStart, endpoint.Length - queryStart);
        return builder.ToString();
    }

    /// <summary>The connection's body parameters become members of a JSON object payload; any other payload is sent as it is.</summary>
    private static byte[] WithBodyParameters(byte[] payload, IReadOnlyList<HttpParameter>? parameters)
    {
        if (parameters is not { Count: > 0 }) return payload;
        JsonObject? body;
        try
        {
            body = JsonNode.Parse(payload) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            body = null;
        }
        if (body is null) return payload;
        foreach (var parameter in parameters) body[parameter.Key] = parameter.Value;
        return Encoding.UTF8.GetBytes(body.ToJsonString());
    }
}
