using System.Security.Cryptography;
using System.Text;

namespace Switchyard.Protocol.Auth;

/// <summary>
/// The SigV4 computation for one received request: canonical request, string to sign and signature, with the
/// service name as a parameter so AWS's published test suite (service <c>service</c>) can exercise it.
/// </summary>
internal static class SigV4Signer
{
    [ThreadStatic]
    private static StringBuilder? t_builder;

    /// <summary>The outcome of computing a signature: the hex signature plus the texts it was computed from.</summary>
    internal readonly record struct Computation(string CanonicalRequest, string StringToSign, string Signature);

    /// <summary>Computes everything as strings; for tests and error messages, not the hot path.</summary>
    public static Computation Compute(
        SignedRequestView request, IReadOnlyList<string> signedHeaders, bool presigned,
        string amzDate, string date, string region, string service, string secretAccessKey)
    {
        var builder = new StringBuilder(512);
        var key = SigningKeyCache.Derive(secretAccessKey, date, region, service);
        Span<char> hex = stackalloc char[64];
        var (canonicalLength, stringToSignLength) = Write(builder, request, signedHeaders, presigned, amzDate, date, region, service);
        Sign(key, builder, canonicalLength, stringToSignLength, hex);
        return new Computation(
            builder.ToString(0, canonicalLength),
            builder.ToString(canonicalLength, stringToSignLength),
            hex.ToString());
    }

    /// <summary>
    /// Verifies <paramref name="providedSignature"/> in constant time. Returns null when it matches, otherwise the
    /// canonical request and string to sign the server computed (for the error message).
    /// </summary>
    public static (string CanonicalRequest, string StringToSign)? Verify(
        SignedRequestView request, ParsedAuthorization authorization, bool presigned, byte[] signingKey, string providedSignature)
    {
        var builder = t_builder ?? new StringBuilder(1024);
        t_builder = null;
        try
        {
            var credential = authorization.Credential;
            var (canonicalLength, stringToSignLength) = Write(builder, request, authorization.SignedHeaders, presigned,
                authorization.AmzDate, credential.Date, credential.Region, credential.Service);

            Span<char> expected = stackalloc char[64];
            Sign(signingKey, builder, canonicalLength, stringToSignLength, expected);

            // Compare as text, like AWS: an upper-case hex signature does not match. Length is not secret.
            var provided = providedSignature.AsSpan();
            var matches = provided.Length == expected.Length &&
                CryptographicOperations.FixedTimeEquals(
                    System.Runtime.InteropServices.MemoryMarshal.AsBytes(provided),
                    System.Runtime.InteropServices.MemoryMarshal.AsBytes((ReadOnlySpan<char>)expected));
            if (matches)
                return null;
            return (builder.ToString(0, canonicalLength), builder.ToString(canonicalLength, stringToSignLength));
        }
        finally
        {
            // Keep one modest builder per thread; a huge one (giant header) is left to the GC.
            if (builder.Capacity <= 16 * 1024)
            {
                builder.Clear();
                t_builder = builder;
            }
        }
    }

    /// <summary>Writes the canonical request and, right after it, the string to sign; returns both lengths.</summary>
    private static (int CanonicalLength, int StringToSignLength) Write(
        StringBuilder builder, SignedRequestView request, IReadOnlyList<string> signedHeaders, bool presigned,
        string amzDate, string date, string region, string service)
    {
        CanonicalRequestBuilder.Append(builder, request, signedHeaders, excludeSignatureParameter: presigned);
        var canonicalLength = builder.Length;

        Span<byte> canonicalHash = stackalloc byte[SHA256.HashSizeInBytes];
        Utf8Digest.Sha256(builder, 0, canonicalLength, canonicalHash);
        Span<char> canonicalHashHex = stackalloc char[SHA256.HashSizeInBytes * 2];
        Convert.TryToHexStringLower(canonicalHash, canonicalHashHex, out _);

        builder.Append(SigV4Constants.Algorithm).Append('\n')
            .Append(amzDate).Append('\n')
            .Append(date).Append('/').Append(region).Append('/').Append(service).Append('/').Append(SigV4Constants.Terminator).Append('\n')
            .Append(canonicalHashHex);
        return (canonicalLength, builder.Length - canonicalLength);
    }

    private static void Sign(byte[] signingKey, StringBuilder builder, int start, int length, Span<char> hexDestination)
    {
        Span<byte> signature = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Utf8Digest.HmacSha256(signingKey, builder, start, length, signature);
        Convert.TryToHexStringLower(signature, hexDestination, out _);
    }
}
