using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Switchyard.Protocol.Auth;

namespace Switchyard.Diagnostics;

/// <summary>
/// Who calls an admin endpoint. These are local tools: in open auth mode anyone may call them (a signed call names
/// its account, used as the default account). In strict mode a call must carry a valid SigV4 signature (service
/// <c>events</c>), exactly as an API call does, and it is then restricted to the signer's account.
/// </summary>
public sealed class AdminCaller(SigV4Authenticator authenticator)
{
    /// <param name="Account">The signer's account; null for an unsigned call in open mode.</param>
    /// <param name="Restricted">True in strict mode: the caller may only look at its own account.</param>
    public sealed record Identity(string? Account, bool Restricted);

    /// <exception cref="DiagnosticsException">Strict mode and the signature is missing or wrong (403).</exception>
    public Identity Authenticate(HttpContext http, byte[] body)
    {
        var strict = authenticator.Mode == AuthMode.Strict;
        var signed = http.Request.Headers.ContainsKey("Authorization") || http.Request.Query.ContainsKey("X-Amz-Algorithm");
        if (!signed)
        {
            if (strict) throw new DiagnosticsException(403, "strict auth mode: sign the request with SigV4 (service events), as for the API");
            return new Identity(null, false);
        }

        // Clients sign the path and query exactly as sent, so use the raw request target.
        var rawTarget = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path.Value ?? "/";
        var queryStart = rawTarget.IndexOf('?');
        var headers = new List<KeyValuePair<string, string>>(http.Request.Headers.Count);
        foreach (var (name, values) in http.Request.Headers)
        {
            foreach (var value in values) headers.Add(new(name, value ?? ""));
        }
        var result = authenticator.Authenticate(new SignedRequestView(
            http.Request.Method,
            queryStart < 0 ? rawTarget : rawTarget[..queryStart],
            queryStart < 0 ? "" : rawTarget[(queryStart + 1)..],
            headers,
            body));
        return result switch
        {
            AuthResult.Success success => new Identity(success.AccountId, strict),
            AuthResult.Failure failure => throw new DiagnosticsException(403, $"{failure.ErrorCode}: {failure.Message}"),
            _ => throw new InvalidOperationException(),
        };
    }
}
