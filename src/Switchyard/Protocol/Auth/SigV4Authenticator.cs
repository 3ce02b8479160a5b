using System.Security.Cryptography;
using System.Runtime.InteropServices;

namespace Switchyard.Protocol.Auth;

/// <summary>
/// Authenticates one request signed with AWS Signature Version 4 and says which account and region it acts in.
/// Thread-safe; create one per server and call it for every request.
/// </summary>
/// <remarks>
/// Strict mode checks in the order AWS's JSON services do (as recorded by dynalite): signature syntax, then the
/// clock, that <c>host</c> is signed, the credential scope, the key, the signature, and finally the session token.
/// </remarks>
public sealed class SigV4Authenticator
{
    /// <summary>AWS JSON services accept requests whose X-Amz-Date is within 15 minutes of their clock.</summary>
    public static readonly TimeSpan DefaultAllowedSkew = TimeSpan.FromMinutes(15);

    private readonly AuthMode _mode;
    private readonly ICredentialStore _store;
    private readonly string _defaultAccountId;
    private readonly TimeProvider _time;
    private readonly TimeSpan _allowedSkew;
    private readonly string _service;
    private readonly SigningKeyCache _signingKeys = new();

    public SigV4Authenticator(AuthMode mode, ICredentialStore store, string defaultAccountId, TimeProvider time, TimeSpan? allowedSkew = null)
        : this(mode, store, defaultAccountId, time, allowedSkew, SigV4Constants.EventsService)
    {
    }

    /// <summary>With another signing service name; the public surface only ever serves EventBridge (<c>events</c>).</summary>
    internal SigV4Authenticator(AuthMode mode, ICredentialStore store, string defaultAccountId, TimeProvider time, TimeSpan? allowedSkew, string service)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        if (!AccountMapping.IsAccountId(defaultAccountId))
            throw new ArgumentException($"The default account id must be 12 digits, got '{defaultAccountId}'.", nameof(defaultAccountId));
        if (allowedSkew is { } skew && skew < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(allowedSkew), "The allowed clock skew cannot be negative.");

        _mode = mode;
        _store = store;
        _defaultAccountId = defaultAccountId;
        _time = time;
        _allowedSkew = allowedSkew ?? DefaultAllowedSkew;
        _service = service;
    }

    public AuthMode Mode => _mode;

    /// <summary>
    /// Strict mode only: accept an <c>x-amz-content-sha256</c> that is not the body's hash (<c>UNSIGNED-PAYLOAD</c>).
    /// Off by default: such a signature does not cover the body, so a captured request's body could be swapped.
    /// </summary>
    public bool AllowUnsignedPayload { get; init; }

    /// <param name="operationHeader">
    /// The header that selects the operation (<c>x-amz-target</c> for the AWS JSON protocol), or null where the path
    /// does. In strict mode a presigned request must sign it: a presigned URL signs only what its
    /// <c>X-Amz-SignedHeaders</c> lists, so without it the URL could be replayed as any operation.
    /// </param>
    public AuthResult Authenticate(SignedRequestView request, string? operationHeader = null)
    {
        var components = AuthorizationHeaderParser.Parse(request, out var failure);
        if (components is null)
            return failure!;

        var authorization = components.Authorization;
        var credential = authorization.Credential;

        if (_mode == AuthMode.Open)
        {
            // Nothing is verified, but the region still names where state lives, so it must be a usable name.
            if (!IsValidRegion(credential.Region))
            {
                var problems = new AuthErrors.ScopeProblems();
                problems.InvalidRegion(credential.Region);
                return problems.ToFailure();
            }
            return new AuthResult.Success(
                credential.AccessKeyId,
                AccountMapping.ForOpenMode(credential.AccessKeyId, _store, _defaultAccountId),
                credential.Region);
        }

        return AuthenticateStrict(request, components, operationHeader);
    }

    private AuthResult AuthenticateStrict(SignedRequestView request, SignatureComponents components, string? operationHeader)
    {
        var authorization = components.Authorization;
        var credential = authorization.Credential;

        if (CheckClock(components) is { } clockFailure)
            return clockFailure;

        if (!Signs(authorization.SignedHeaders, SigV4Constants.HostHeader))
            return AuthErrors.HostNotSigned;
        if (components.IsPresigned && operationHeader is not null && !Signs(authorization.SignedHeaders, operationHeader))
            return AuthErrors.OperationHeaderNotSigned(operationHeader);
        if (!AllowUnsignedPayload
            && RequestHeaders.First(request.Headers, SigV4Constants.ContentSha256Header) is { } declared
            && !CanonicalRequestBuilder.IsSha256Hex(declared))
            return AuthErrors.UnsignedPayload(declared);

        var scope = new AuthErrors.ScopeProblems();
        if (!IsValidRegion(credential.Region))
            scope.InvalidRegion(credential.Region);
        if (!string.Equals(credential.Service, _service, StringComparison.Ordinal))
            scope.WrongService(_service);
        if (!string.Equals(components.Terminator, SigV4Constants.Terminator, StringComparison.Ordinal))
            scope.WrongTerminator(components.Terminator);
        if (!authorization.AmzDate.StartsWith(credential.Date, StringComparison.Ordinal) || credential.Date.Length != 8)
            scope.DateMismatch(credential.Date, authorization.AmzDate);
        if (scope.Any)
            return scope.ToFailure();

        if (!_store.TryGet(credential.AccessKeyId, out var stored))
            return AuthErrors.UnrecognizedClient;

        var signingKey = _signingKeys.Get(stored.SecretAccessKey, credential.Date, credential.Region, credential.Service);
        if (SigV4Signer.Verify(request, authorization, components.IsPresigned, signingKey, authorization.Signature) is { } mismatch)
            return AuthErrors.SignatureMismatch(mismatch.CanonicalRequest, mismatch.StringToSign);

        if (!SessionTokenMatches(stored.SessionToken, authorization.SecurityToken))
            return AuthErrors.InvalidSecurityToken;

        return new AuthResult.Success(credential.AccessKeyId, stored.AccountId, credential.Region);
    }

    private AuthResult.Failure? CheckClock(SignatureComponents components)
    {
        var now = _time.GetUtcNow();
        // Messages print whole seconds, as the timestamps being compared have no finer precision.
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
        var signedAt = components.Time;
        var amzDate = components.Authorization.AmzDate;

        if (signedAt > now + _allowedSkew)
            return AuthErrors.NotYetCurrent(amzDate, now, _allowedSkew);

        if (components is { IsPresigned: true, ExpiresSeconds: { } expires })
        {
            // A presigned request is good for X-Amz-Expires seconds from its timestamp, however long that is.
            if (signedAt.AddSeconds(expires) < now)
                return AuthErrors.PresignExpired(amzDate, now, expires);
            return null;
        }

        if (signedAt < now - _allowedSkew)
            return AuthErrors.Expired(amzDate, now, _allowedSkew);
        return null;
    }

    private static bool Signs(IReadOnlyList<string> signedHeaders, string header)
    {
        foreach (var name in signedHeaders)
        {
            if (string.Equals(name.Trim(), header, StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }

    /// <summary>
    /// Long-term keys must come without a token; session keys with exactly their token. Compared in constant
    /// time because the token is a bearer secret.
    /// </summary>
    private static bool SessionTokenMatches(string? expected, string? provided)
    {
        if (expected is null)
            return provided is null;
        if (provided is null)
            return false;
        // FixedTimeEquals answers false at once for different lengths; a token's length is not the secret.
        return CryptographicOperations.FixedTimeEquals(
            MemoryMarshal.AsBytes(expected.AsSpan()), MemoryMarshal.AsBytes(provided.AsSpan()));
    }

    /// <summary>
    /// AWS accepts only its own region names; a self-hosted server accepts any name shaped like one
    /// (lower-case letters, digits and inner hyphens), since it becomes part of ARNs and storage keys.
    /// </summary>
    internal static bool IsValidRegion(string region)
    {
        if (region.Length is 0 or > 64 || region[0] == '-' || region[^1] == '-')
            return false;
        foreach (var c in region)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
                return false;
        }
        return true;
    }
}
