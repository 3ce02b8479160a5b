using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Switchyard.Protocol.Auth;

/// <summary>
/// SHA-256 and HMAC-SHA256 over a slice of a <see cref="StringBuilder"/>'s UTF-8 form, through pooled buffers,
/// so verifying a request does not allocate the canonical request as a string unless it fails.
/// </summary>
internal static class Utf8Digest
{
    public static void Sha256(StringBuilder builder, int start, int length, Span<byte> destination) =>
        Run(builder, start, length, destination, ReadOnlySpan<byte>.Empty, hmac: false);

    public static void HmacSha256(ReadOnlySpan<byte> key, StringBuilder builder, int start, int length, Span<byte> destination) =>
        Run(builder, start, length, destination, key, hmac: true);

    private static void Run(StringBuilder builder, int start, int length, Span<byte> destination, ReadOnlySpan<byte> key, bool hmac)
    {
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(length, 1));
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(length));
        try
        {
            builder.CopyTo(start, chars, 0, length);
            var byteCount = Encoding.UTF8.GetBytes(chars, 0, length, bytes, 0);
            var data = bytes.AsSpan(0, byteCount);
            if (hmac)
                HMACSHA256.HashData(key, data, destination);
            else
                SHA256.HashData(data, destination);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
