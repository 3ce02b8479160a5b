using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Switchyard.Protocol.Auth;

/// <summary>
/// Derived SigV4 signing keys per (secret, date, region, service). Deriving takes four HMACs; a client signs
/// every request of a day with the same key, so one derivation per key and day is enough.
/// </summary>
internal sealed class SigningKeyCache
{
    // Keys roll over daily, so entries only accumulate across days or from many keys; clearing when full is
    // simpler than LRU bookkeeping and costs one re-derivation per live key.
    private const int MaxEntries = 4096;

    private readonly ConcurrentDictionary<(string Secret, string Date, string Region, string Service), byte[]> _keys = new();

    public byte[] Get(string secretAccessKey, string date, string region, string service)
    {
        var cacheKey = (secretAccessKey, date, region, service);
        if (_keys.TryGetValue(cacheKey, out var key))
            return key;

        key = Derive(secretAccessKey, date, region, service);
        if (_keys.Count >= MaxEntries)
            _keys.Clear();
        _keys.TryAdd(cacheKey, key);
        return key;
    }

    /// <summary>HMAC chain: "AWS4"+secret → date → region → service → "aws4_request".</summary>
    internal static byte[] Derive(string secretAccessKey, string date, string region, string service)
    {
        var secret = Encoding.UTF8.GetBytes("AWS4" + secretAccessKey);
        Span<byte> current = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HmacUtf8(secret, date, current);
        HmacUtf8(current, region, current);
        HmacUtf8(current, service, current);
        HmacUtf8(current, SigV4Constants.Terminator, current);
        CryptographicOperations.ZeroMemory(secret);
        return current.ToArray();
    }

    private static void HmacUtf8(ReadOnlySpan<byte> key, string data, Span<byte> destination)
    {
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(data) <= buffer.Length ? buffer : new byte[Encoding.UTF8.GetByteCount(data)];
        var length = Encoding.UTF8.GetBytes(data, bytes);
        // HashData reads the whole key before writing, so key and destination may be the same buffer.
        Span<byte> result = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, bytes[..length], result);
        result.CopyTo(destination);
    }
}
