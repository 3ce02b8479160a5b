using System.Security.Cryptography;
using System.Text;

namespace Switchyard.Protocol.Auth;

/// <summary>
/// Builds the SigV4 canonical request exactly as botocore's <c>SigV4Auth.canonical_request</c> does, from the
/// request as received and the header names the client said it signed.
/// </summary>
/// <remarks>
/// Layout: <c>METHOD\nURI\nQUERY\nname:value\n...\n\nsigned;header;names\npayload-hash</c>.
/// The server must use the client's SignedHeaders list, never its own idea of what should be signed: proxies and
/// HTTP stacks add headers (user-agent, x-forwarded-*, ...) that the client never saw.
/// </remarks>
internal static class CanonicalRequestBuilder
{
    public static void Append(StringBuilder builder, SignedRequestView request, IReadOnlyList<string> signedHeaders, bool excludeSignatureParameter)
    {
        builder.Append(request.Method.ToUpperInvariant()).Append('\n');
        AppendCanonicalUri(builder, request.Path);
        builder.Append('\n');
        AppendCanonicalQuery(builder, request.QueryString, excludeSignatureParameter);
        builder.Append('\n');

        var names = NormalizeSignedHeaders(signedHeaders);
        foreach (var name in names)
        {
            builder.Append(name).Append(':');
            AppendHeaderValues(builder, request.Headers, name);
            builder.Append('\n');
        }
        builder.Append('\n');
        for (var i = 0; i < names.Length; i++)
        {
            if (i > 0)
                builder.Append(';');
            builder.Append(names[i]);
        }
        builder.Append('\n');
        AppendPayloadHash(builder, request);
    }

    /// <summary>Lower-cased, de-duplicated and sorted ordinally, as botocore's <c>sorted(set(...))</c> produces.</summary>
    internal static string[] NormalizeSignedHeaders(IReadOnlyList<string> signedHeaders)
    {
        var names = new string[signedHeaders.Count];
        var count = 0;
        foreach (var header in signedHeaders)
        {
            var name = header.Trim().ToLowerInvariant();
            if (name.Length > 0 && Array.IndexOf(names, name, 0, count) < 0)
                names[count++] = name;
        }
        if (count != names.Length)
            Array.Resize(ref names, count);
        Array.Sort(names, StringComparer.Ordinal);
        return names;
    }

    /// <summary>
    /// botocore: <c>quote(remove_dot_segments(path), safe='/~')</c>. The raw path is encoded once more, so an
    /// escape the client sent (<c>%20</c>) appears as <c>%2520</c>; that double encoding is what AWS expects of
    /// every service but S3. Dot segments are removed and runs of slashes collapse.
    /// </summary>
    internal static void AppendCanonicalUri(StringBuilder builder, string rawPath)
    {
        // Every AWS JSON request goes to "/": skip the segment bookkeeping for it.
        if (string.IsNullOrEmpty(rawPath) || rawPath == "/")
        {
            builder.Append('/');
            return;
        }

        var path = rawPath.AsSpan();
        var start = builder.Length;
        var segments = new List<Range>();
        foreach (var range in path.Split('/'))
        {
            var segment = path[range];
            if (segment.IsEmpty || segment.SequenceEqual("."))
                continue;
            if (segment.SequenceEqual(".."))
            {
                if (segments.Count > 0)
                    segments.RemoveAt(segments.Count - 1);
                continue;
            }
            segments.Add(range);
        }

        if (path[0] == '/')
            builder.Append('/');
        for (var i = 0; i < segments.Count; i++)
        {
            if (i > 0)
                builder.Append('/');
            AppendEncoded(builder, path[segments[i]]);
        }
        if (path[^1] == '/' && segments.Count > 0)
            builder.Append('/');
        if (builder.Length == start)
            builder.Append('/');
    }

    /// <summary>
    /// Pairs percent-decoded then re-encoded with the RFC 3986 unreserved set, sorted by name then value.
    /// Re-encoding makes the result independent of how the client escaped (e.g. <c>%7E</c> vs <c>~</c>).
    /// </summary>
    internal static void AppendCanonicalQuery(StringBuilder builder, string rawQuery, bool excludeSignatureParameter)
    {
        if (string.IsNullOrEmpty(rawQuery) || rawQuery == "?")
            return;

        var pairs = QueryParameters.Parse(rawQuery);
        var encoded = new List<(string Name, string Value)>(pairs.Count);
        foreach (var (name, value) in pairs)
        {
            // "The Canonical Query String must include all the query parameters ... except for X-Amz-Signature."
            if (excludeSignatureParameter && name == SigV4Constants.SignatureParameter)
                continue;
            encoded.Add((Encode(name), Encode(value)));
        }
        encoded.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });
        for (var i = 0; i < encoded.Count; i++)
        {
            if (i > 0)
                builder.Append('&');
            builder.Append(encoded[i].Name).Append('=').Append(encoded[i].Value);
        }
    }

    /// <summary>
    /// All values of a header, each trimmed with inner whitespace runs collapsed to one space (botocore:
    /// <c>' '.join(value.split())</c>), joined with commas in the order received. A signed header the request
    /// lacks contributes an empty value, so the signature simply fails to match.
    /// </summary>
    private static void AppendHeaderValues(StringBuilder builder, IReadOnlyList<KeyValuePair<string, string>> headers, string name)
    {
        var first = true;
        for (var i = 0; i < headers.Count; i++)
        {
            if (!string.Equals(headers[i].Key, name, StringComparison.OrdinalIgnoreCase))
                continue;
            if (!first)
                builder.Append(',');
            first = false;
            AppendTrimmedCollapsed(builder, headers[i].Value);
        }
    }

    private static void AppendTrimmedCollapsed(StringBuilder builder, string value)
    {
        var pendingSpace = false;
        var wroteAny = false;
        foreach (var c in value)
        {
            if (IsPythonWhitespace(c))
            {
                pendingSpace = wroteAny;
                continue;
            }
            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }
            builder.Append(c);
            wroteAny = true;
        }
    }

    // str.split() with no argument splits on these (ASCII) plus Unicode whitespace.
    private static bool IsPythonWhitespace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v' || (c > 127 && char.IsWhiteSpace(c));

    private static void AppendPayloadHash(StringBuilder builder, SignedRequestView request)
    {
        Span<char> hex = stackalloc char[SHA256.HashSizeInBytes * 2];
        if (request.BodySha256 is { Length: SHA256.HashSizeInBytes * 2 } streamed)
        {
            streamed.AsSpan().CopyTo(hex);
        }
        else
        {
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(request.Body.Span, hash);
            Convert.TryToHexStringLower(hash, hex, out _);
        }

        // botocore signs a client-supplied X-Amz-Content-SHA256 verbatim instead of hashing the body. Trusting a
        // declared *hash* would let anyone swap the body of a captured request, so a declared hash only stands
        // when it is the body's; otherwise the real hash goes in and the signature fails to match. Declared
        // sentinels such as UNSIGNED-PAYLOAD are the client's explicit choice and are signed as they are.
        var declared = RequestHeaders.First(request.Headers, SigV4Constants.ContentSha256Header);
        if (declared is not null && (!IsSha256Hex(declared) || declared.AsSpan().Equals(hex, StringComparison.OrdinalIgnoreCase)))
            builder.Append(declared);
        else
            builder.Append(hex);
    }

    internal static bool IsSha256Hex(string value)
    {
        if (value.Length != SHA256.HashSizeInBytes * 2)
            return false;
        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigit(c))
                return false;
        }
        return true;
    }

    private static string Encode(string value)
    {
        var needsEncoding = false;
        foreach (var c in value)
        {
            if (!IsUnreserved(c))
            {
                needsEncoding = true;
                break;
            }
        }
        if (!needsEncoding)
            return value;
        var builder = new StringBuilder(value.Length * 3);
        AppendEncoded(builder, value);
        return builder.ToString();
    }

    /// <summary>Percent-encodes everything outside <c>A-Z a-z 0-9 - _ . ~</c>, byte by byte of the UTF-8 form.</summary>
    private static void AppendEncoded(StringBuilder builder, ReadOnlySpan<char> text)
    {
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsUnreserved(c))
            {
                builder.Append(c);
                continue;
            }

            int written;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                written = Encoding.UTF8.GetBytes(text.Slice(i, 2), utf8);
                i++;
            }
            else
            {
                written = Encoding.UTF8.GetBytes(text.Slice(i, 1), utf8);
            }
            for (var b = 0; b < written; b++)
                builder.Append('%').Append(HexUpper[utf8[b] >> 4]).Append(HexUpper[utf8[b] & 0xF]);
        }
    }

    private static bool IsUnreserved(char c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~';

    private const string HexUpper = "0123456789ABCDEF";
}
