using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Switchyard.Protocol.Auth;

/// <summary>
/// Reads a SigV4 signature from a request, either the <c>Authorization: AWS4-HMAC-SHA256 ...</c> header or
/// presigned <c>X-Amz-*</c> query parameters, and rejects malformed ones with AWS's messages.
/// </summary>
/// <remarks>
/// This is syntax only; whether the key is known and the signature right is <see cref="SigV4Authenticator"/>'s job.
/// The checks run in the order AWS's JSON services run them (recorded in dynalite): header-vs-query conflict,
/// presence, key=value syntax, required parameters, algorithm, credential shape, then the date format.
/// </remarks>
public static class AuthorizationHeaderParser
{
    public static bool TryParse(
        SignedRequestView request,
        [NotNullWhen(true)] out ParsedAuthorization? parsed,
        [NotNullWhen(false)] out AuthResult.Failure? failure)
    {
        var components = Parse(request, out failure);
        parsed = components?.Authorization;
        return components is not null;
    }

    internal static SignatureComponents? Parse(SignedRequestView request, out AuthResult.Failure? failure)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = RequestHeaders.First(request.Headers, SigV4Constants.AuthorizationHeader);

        List<KeyValuePair<string, string>>? query = null;
        if (QueryParameters.MayCarrySignature(request.QueryString))
        {
            query = QueryParameters.Parse(request.QueryString);
            if (QueryParameters.Find(query, SigV4Constants.AlgorithmParameter) is null)
                query = null;
        }

        if (header is not null && query is not null)
        {
            failure = AuthErrors.BothHeaderAndQuery;
            return null;
        }

        if (query is not null)
            return ParseQuery(query, out failure);

        // A header of another scheme (SigV2 "AWS key:sig", "Bearer ...") counts as no SigV4 token at all.
        if (header is null || !header.AsSpan().Trim().StartsWith("AWS4-", StringComparison.Ordinal))
        {
            failure = AuthErrors.MissingAuthenticationToken;
            return null;
        }

        return ParseHeader(request, header, out failure);
    }

    private static SignatureComponents? ParseHeader(SignedRequestView request, string header, out AuthResult.Failure? failure)
    {
        var text = header.AsSpan().Trim();
        var algorithmEnd = text.IndexOfAny(' ', '\t', ',');
        var algorithm = algorithmEnd < 0 ? text : text[..algorithmEnd];
        var rest = algorithmEnd < 0 ? ReadOnlySpan<char>.Empty : text[algorithmEnd..];

        // Ranges into `rest` rather than strings: only the pieces that survive parsing become strings.
        Range? credential = null, signature = null, signedHeaders = null;
        // Parameters are separated by commas, and AWS also splits on spaces: "Credential= AKID/..." is reported
        // as "'AKID/...' not a valid key=value pair (missing equal-sign)".
        foreach (var range in rest.SplitAny(" \t,"))
        {
            var token = rest[range];
            if (token.IsEmpty)
                continue;
            var equals = token.IndexOf('=');
            if (equals < 0)
            {
                failure = AuthErrors.MissingEqualSign(token.ToString(), header);
                return null;
            }
            var name = token[..equals];
            var value = new Range(range.Start.Value + equals + 1, range.End);
            if (name.SequenceEqual("Credential"))
                credential = value;
            else if (name.SequenceEqual("Signature"))
                signature = value;
            else if (name.SequenceEqual("SignedHeaders"))
                signedHeaders = value;
        }

        var amzDateHeader = RequestHeaders.First(request.Headers, SigV4Constants.AmzDateHeader);
        var dateHeader = amzDateHeader is null ? RequestHeaders.First(request.Headers, SigV4Constants.DateHeader) : null;

        StringBuilder? missing = null;
        if (IsMissing(rest, credential))
            (missing ??= new()).Append("Authorization header requires 'Credential' parameter. ");
        if (IsMissing(rest, signature))
            (missing ??= new()).Append("Authorization header requires 'Signature' parameter. ");
        if (IsMissing(rest, signedHeaders))
            (missing ??= new()).Append("Authorization header requires 'SignedHeaders' parameter. ");
        if (amzDateHeader is null && dateHeader is null)
            (missing ??= new()).Append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        if (missing is not null)
        {
            failure = AuthErrors.Incomplete(missing.Append("Authorization=").Append(header).ToString());
            return null;
        }

        if (!algorithm.SequenceEqual(SigV4Constants.Algorithm))
        {
            failure = AuthErrors.UnsupportedAlgorithm(algorithm.ToString());
            return null;
        }

        if (!TrySplitCredential(rest[credential!.Value], out var scope, out failure))
            return null;

        DateTimeOffset time;
        string amzDate;
        if (amzDateHeader is not null)
        {
            amzDate = amzDateHeader.Trim();
            if (!AmzDate.TryParse(amzDate, out time))
            {
                failure = AuthErrors.DateFormat(amzDateHeader);
                return null;
            }
        }
        else
        {
            if (!AmzDate.TryParseHttpDate(dateHeader!, out time))
            {
                failure = AuthErrors.DateFormat(dateHeader!);
                return null;
            }
            amzDate = AmzDate.Format(time);
        }

        var securityToken = RequestHeaders.First(request.Headers, SigV4Constants.SecurityTokenHeader);
        failure = null;
        return new SignatureComponents(
            new ParsedAuthorization(scope.Credential, SplitSignedHeaders(rest[signedHeaders!.Value]), rest[signature!.Value].ToString(), amzDate, securityToken),
            scope.Terminator,
            IsPresigned: false,
            ExpiresSeconds: null,
            time);
    }

    private static SignatureComponents? ParseQuery(List<KeyValuePair<string, string>> query, out AuthResult.Failure? failure)
    {
        var algorithm = QueryParameters.Find(query, SigV4Constants.AlgorithmParameter);
        var credential = QueryParameters.Find(query, SigV4Constants.CredentialParameter);
        var signature = QueryParameters.Find(query, SigV4Constants.SignatureParameter);
        var signedHeaders = QueryParameters.Find(query, SigV4Constants.SignedHeadersParameter);
        var amzDate = QueryParameters.Find(query, SigV4Constants.DateParameter);

        StringBuilder? missing = null;
        AppendIfMissing(ref missing, algorithm, SigV4Constants.AlgorithmParameter);
        AppendIfMissing(ref missing, credential, SigV4Constants.CredentialParameter);
        AppendIfMissing(ref missing, signature, SigV4Constants.SignatureParameter);
        AppendIfMissing(ref missing, signedHeaders, SigV4Constants.SignedHeadersParameter);
        AppendIfMissing(ref missing, amzDate, SigV4Constants.DateParameter);
        if (missing is not null)
        {
            failure = AuthErrors.Incomplete(missing.Append("Re-examine the query-string parameters.").ToString());
            return null;
        }

        if (!string.Equals(algorithm, SigV4Constants.Algorithm, StringComparison.Ordinal))
        {
            failure = AuthErrors.UnsupportedAlgorithm(algorithm!);
            return null;
        }

        if (!TrySplitCredential(credential, out var scope, out failure))
            return null;

        if (!AmzDate.TryParse(amzDate!, out var time))
        {
            failure = AuthErrors.DateFormat(amzDate!);
            return null;
        }

        int? expires = null;
        var expiresText = QueryParameters.Find(query, SigV4Constants.ExpiresParameter);
        if (expiresText is not null)
        {
            if (!int.TryParse(expiresText, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                || seconds > SigV4Constants.MaxPresignExpiresSeconds)
            {
                failure = AuthErrors.InvalidExpires(expiresText);
                return null;
            }
            expires = seconds;
        }

        var token = QueryParameters.Find(query, SigV4Constants.SecurityTokenParameter);
        failure = null;
        return new SignatureComponents(
            new ParsedAuthorization(scope.Credential, SplitSignedHeaders(signedHeaders), signature!, amzDate!, token),
            scope.Terminator,
            IsPresigned: true,
            expires,
            time);
    }

    private static bool IsMissing(ReadOnlySpan<char> text, Range? value) => value is not { } range || text[range].IsEmpty;

    private static void AppendIfMissing(ref StringBuilder? missing, string? value, string name)
    {
        if (string.IsNullOrEmpty(value))
            (missing ??= new()).Append("AWS query-string parameters must include '").Append(name).Append("'. ");
    }

    private readonly record struct CredentialScope(SigV4Credential Credential, string Terminator);

    private static bool TrySplitCredential(ReadOnlySpan<char> credential, out CredentialScope scope, out AuthResult.Failure? failure)
    {
        // AWS ignores trailing slashes ("AKID/20150830/us-east-1/events/aws4_request/" is accepted).
        var trimmed = credential.TrimEnd('/');
        Span<Range> parts = stackalloc Range[6];
        if (trimmed.Split(parts, '/') != 5)
        {
            scope = default;
            failure = AuthErrors.CredentialShape(credential.ToString());
            return false;
        }

        scope = new CredentialScope(
            new SigV4Credential(
                trimmed[parts[0]].ToString(),
                trimmed[parts[1]].ToString(),
                trimmed[parts[2]].ToString(),
                trimmed[parts[3]].ToString()),
            trimmed[parts[4]].ToString());
        failure = null;
        return true;
    }

    private static string[] SplitSignedHeaders(ReadOnlySpan<char> signedHeaders)
    {
        var count = 0;
        foreach (var range in signedHeaders.Split(';'))
        {
            if (!signedHeaders[range].Trim().IsEmpty)
                count++;
        }
        var names = new string[count];
        var next = 0;
        foreach (var range in signedHeaders.Split(';'))
        {
            var name = signedHeaders[range].Trim();
            if (!name.IsEmpty)
                names[next++] = name.ToString();
        }
        return names;
    }
}
