using System.CommandLine;
using System.Net.Http.Headers;
using System.Text;
using Switchyard.Protocol.Auth;

namespace Switchyard.Cli;

/// <summary>
/// Calls a server's admin endpoints, signed with SigV4 as an AWS client signs API calls (service <c>events</c>, the
/// request's own method, path and query), so the same command works against a strict-mode server, where the key
/// must belong to an account in the server's <c>adminAccounts</c>. Credentials: <c>--access-key-id</c> /
/// <c>--secret-access-key</c> when given, else <c>AWS_ACCESS_KEY_ID</c> / <c>AWS_SECRET_ACCESS_KEY</c> /
/// <c>AWS_SESSION_TOKEN</c>; otherwise the account id as the access key (open mode maps a 12-digit key to that
/// account); with none, the call goes unsigned (open mode accepts it).
/// </summary>
public sealed class AdminClient(Uri endpoint, string region, string? account, CliConsole console, HttpClient? http = null,
    string? accessKeyId = null, string? secretAccessKey = null)
{
    /// <summary>The credential options every admin command takes.</summary>
    public static readonly Option<string> AccessKeyIdOption = new("--access-key-id") { Description = "the access key that signs the request (default $AWS_ACCESS_KEY_ID)", HelpName = "KEY" };

    public static readonly Option<string> SecretAccessKeyOption = new("--secret-access-key") { Description = "its secret (default $AWS_SECRET_ACCESS_KEY)", HelpName = "SECRET" };

    /// <summary>An admin client for a command's parsed options.</summary>
    public static AdminClient From(ParseResult options, Uri endpoint, string region, string? account, CliConsole console, HttpClient? http) =>
        new(endpoint, region, account, console, http, options.GetValue(AccessKeyIdOption), options.GetValue(SecretAccessKeyOption));

    private readonly HttpClient _http = http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

    public sealed record Answer(int Status, string Body);

    public Task<Answer> PostAsync(string path, string json) => SendAsync(HttpMethod.Post, path, "", Encoding.UTF8.GetBytes(json));

    public Task<Answer> GetAsync(string path, string query = "") => SendAsync(HttpMethod.Get, path, query, []);

    private async Task<Answer> SendAsync(HttpMethod method, string path, string query, byte[] body)
    {
        var uri = new Uri(endpoint, path + (query.Length > 0 ? "?" + query : ""));
        using var request = new HttpRequestMessage(method, uri);
        const string contentType = "application/json";
        if (method != HttpMethod.Get)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        Sign(request, method.Method, path, query, body, method != HttpMethod.Get ? contentType : null);
        using var response = await _http.SendAsync(request);
        return new Answer((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private void Sign(HttpRequestMessage request, string method, string path, string query, byte[] body, string? contentType)
    {
        var fromFlags = accessKeyId is not null;
        var accessKey = accessKeyId ?? console.Environment("AWS_ACCESS_KEY_ID") ?? account;
        if (accessKey is null) return;
        var secret = (fromFlags ? secretAccessKey : null) ?? console.Environment("AWS_SECRET_ACCESS_KEY") ?? "switchyard";
        var token = fromFlags ? null : console.Environment("AWS_SESSION_TOKEN");
        var amzDate = DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'");
        var date = amzDate[..8];
        var headers = new List<KeyValuePair<string, string>>();
        if (contentType is not null) headers.Add(new("content-type", contentType));
        headers.Add(new("host", endpoint.IsDefaultPort ? endpoint.Host : $"{endpoint.Host}:{endpoint.Port}"));
        headers.Add(new("x-amz-date", amzDate));
        if (token is not null) headers.Add(new("x-amz-security-token", token));
        var signedHeaders = headers.Select(h => h.Key).ToList();
        var signature = SigV4Signer.Compute(new SignedRequestView(method, path, query, headers, body), signedHeaders,
            presigned: false, amzDate, date, region, SigV4Constants.EventsService, secret).Signature;

        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        if (token is not null) request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", token);
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={accessKey}/{date}/{region}/{SigV4Constants.EventsService}/aws4_request, SignedHeaders={string.Join(';', signedHeaders)}, Signature={signature}");
    }
}
