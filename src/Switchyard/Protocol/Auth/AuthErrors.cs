using System.Globalization;
using System.Text;

namespace Switchyard.Protocol.Auth;

/// <summary>
/// Every authentication failure Switchyard answers, with AWS's error codes, message texts and HTTP statuses.
/// </summary>
/// <remarks>
/// The texts are what AWS's JSON-protocol ("coral") services send. Where they come from:
/// <list type="bullet">
/// <item>dynalite (<c>architect/dynalite</c> index.js) records DynamoDB's answers verbatim, including the order
/// in which the checks run and the IncompleteSignature / scope / algorithm / credential-shape texts.</item>
/// <item>EventBridge itself answers <c>InvalidSignatureException</c> with HTTP 400 for a wrongly scoped service
/// (paws-r/paws#426); expired signatures are <c>InvalidSignatureException</c> 400 (aws/aws-sdk-js#254);
/// the "not yet current" text is from serverless/enterprise#11 and s12v/awsbeats#48.</item>
/// <item><c>UnrecognizedClientException</c> is 400 on JSON services (aws-azure-login#37, Cognito responses).</item>
/// <item><c>MissingAuthenticationToken</c> is 403 in AWS's "Common Errors" reference; its JSON text here is
/// "Missing Authentication Token" (what AWS gateways answer). DynamoDB alone says "Request is missing
/// Authentication Token" with 400, so this one is the least certain.</item>
/// </list>
/// </remarks>
internal static class AuthErrors
{
    public const string MissingAuthenticationTokenCode = "MissingAuthenticationTokenException";
    public const string IncompleteSignatureCode = "IncompleteSignatureException";
    public const string InvalidSignatureCode = "InvalidSignatureException";
    public const string UnrecognizedClientCode = "UnrecognizedClientException";

    public const int MissingAuthenticationTokenStatus = 403;
    public const int IncompleteSignatureStatus = 400;
    public const int InvalidSignatureStatus = 400;
    public const int UnrecognizedClientStatus = 400;

    public const string SignatureMismatchText =
        "The request signature we calculated does not match the signature you provided. " +
        "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    // Allocated once: these carry no request data and are the common failures of a misconfigured client.
    public static readonly AuthResult.Failure MissingAuthenticationToken =
        new(MissingAuthenticationTokenCode, "Missing Authentication Token", MissingAuthenticationTokenStatus);

    public static readonly AuthResult.Failure UnrecognizedClient =
        new(UnrecognizedClientCode, "The security token included in the request is invalid.", UnrecognizedClientStatus);

    // dynalite records the session-token check's text without the final period, unlike the unknown-key text.
    public static readonly AuthResult.Failure InvalidSecurityToken =
        new(UnrecognizedClientCode, "The security token included in the request is invalid", UnrecognizedClientStatus);

    public static readonly AuthResult.Failure BothHeaderAndQuery =
        new(InvalidSignatureCode,
            "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
            InvalidSignatureStatus);

    public static readonly AuthResult.Failure HostNotSigned =
        new(InvalidSignatureCode, "'Host' must be a 'SignedHeader' in the AWS Authorization.", InvalidSignatureStatus);

    /// <summary>
    /// A payload hash that is not the body's own (<c>UNSIGNED-PAYLOAD</c>, streaming sentinels) in strict mode. No
    /// AWS text is on record for a JSON service; the wording follows the HostNotSigned check's.
    /// </summary>
    public static AuthResult.Failure UnsignedPayload(string declared) =>
        Invalid($"'x-amz-content-sha256' must be the SHA-256 of the request body, not '{declared}': this service signs the whole payload.");

    /// <summary>A presigned request that leaves the operation header out of its signature (it could be replayed as another operation).</summary>
    public static AuthResult.Failure OperationHeaderNotSigned(string header) =>
        Invalid($"'{header}' must be a 'SignedHeader' of a presigned request (X-Amz-SignedHeaders).");

    public static AuthResult.Failure Incomplete(string message) =>
        new(IncompleteSignatureCode, message, IncompleteSignatureStatus);

    public static AuthResult.Failure Invalid(string message) =>
        new(InvalidSignatureCode, message, InvalidSignatureStatus);

    public static AuthResult.Failure MissingEqualSign(string pair, string authorization) =>
        Incomplete($"'{pair}' not a valid key=value pair (missing equal-sign) in Authorization header: '{authorization}'.");

    public static AuthResult.Failure UnsupportedAlgorithm(string algorithm) =>
        Incomplete($"Unsupported AWS 'algorithm': '{algorithm}' (only AWS4-HMAC-SHA256 for now). ");

    public static AuthResult.Failure CredentialShape(string credential) =>
        Incomplete($"Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '{credential}'");

    public static AuthResult.Failure DateFormat(string value) =>
        Incomplete($"Date must be in ISO-8601 'basic format'. Got '{value}'. See http://en.wikipedia.org/wiki/ISO_8601");

    // No AWS text is on record for a bad X-Amz-Expires on a JSON service; this one is worded like its neighbours.
    public static AuthResult.Failure InvalidExpires(string value) =>
        Incomplete($"X-Amz-Expires must be a non-negative integer no larger than 604800 seconds. Got '{value}'.");

    /// <summary>"Signature expired: T is now earlier than NOW-SKEW (NOW - 15 min.)".</summary>
    public static AuthResult.Failure Expired(string amzDate, DateTimeOffset now, TimeSpan skew) =>
        Invalid($"Signature expired: {amzDate} is now earlier than {AmzDate.Format(now - skew)} ({AmzDate.Format(now)} - {FormatSkew(skew)}.)");

    /// <summary>"Signature not yet current: T is still later than NOW+SKEW (NOW + 15 min.)".</summary>
    public static AuthResult.Failure NotYetCurrent(string amzDate, DateTimeOffset now, TimeSpan skew) =>
        Invalid($"Signature not yet current: {amzDate} is still later than {AmzDate.Format(now + skew)} ({AmzDate.Format(now)} + {FormatSkew(skew)}.)");

    /// <summary>
    /// A presigned request used after its X-Amz-Expires window. No AWS text is on record for JSON services; this
    /// follows the skew message's shape with the window in seconds.
    /// </summary>
    public static AuthResult.Failure PresignExpired(string amzDate, DateTimeOffset now, int expiresSeconds) =>
        Invalid($"Signature expired: {amzDate} is now earlier than {AmzDate.Format(now - TimeSpan.FromSeconds(expiresSeconds))} ({AmzDate.Format(now)} - {expiresSeconds.ToString(CultureInfo.InvariantCulture)} sec.)");

    /// <summary>
    /// The signature mismatch message. Like AWS's JSON services it carries the canonical request and
    /// string-to-sign the server computed, which is what makes a signing bug in a client debuggable;
    /// neither contains anything secret.
    /// </summary>
    public static AuthResult.Failure SignatureMismatch(string canonicalRequest, string stringToSign) =>
        Invalid(SignatureMismatchText +
                "\n\nThe Canonical String for this request should have been\n'" + canonicalRequest +
                "'\n\nThe String-to-Sign should have been\n'" + stringToSign + "'\n");

    /// <summary>
    /// The credential-scope checks all run and their messages are joined, as AWS does
    /// ("Credential should be scoped to a valid region, not 'c'. Credential should be scoped to correct service: ...").
    /// </summary>
    public struct ScopeProblems
    {
        private StringBuilder? _text;

        public readonly bool Any => _text is not null;

        public void InvalidRegion(string region) =>
            Add($"Credential should be scoped to a valid region, not '{region}'. ");

        public void WrongService(string expectedService) =>
            Add($"Credential should be scoped to correct service: '{expectedService}'. ");

        public void WrongTerminator(string terminator) =>
            Add($"Credential should be scoped with a valid terminator: '{SigV4Constants.Terminator}', not '{terminator}'. ");

        public void DateMismatch(string scopeDate, string amzDate) =>
            Add($"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{scopeDate}' != '{amzDate[..8]}', from '{amzDate}'.");

        public readonly AuthResult.Failure ToFailure() => Invalid(_text!.ToString());

        private void Add(string message) => (_text ??= new StringBuilder()).Append(message);
    }

    private static string FormatSkew(TimeSpan skew) =>
        skew.TotalMinutes.ToString("0.##", CultureInfo.InvariantCulture) + " min";
}
