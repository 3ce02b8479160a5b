using System.Security.Cryptography;
using System.Text;

namespace Switchyard.LoadGen;

/// <summary>
/// Signs AWS JSON 1.1 POSTs to "/" with Signature Version 4, as the AWS SDKs do (host, x-amz-date and x-amz-target
/// signed, payload hashed). Written for the load generator so it measures servers without sharing their code; the
/// signing key is cached per day, as SDKs do, so signing costs two hashes and two HMACs per request.
/// </summary>
public sealed class SigV4RequestSigner(string accessKey, string secretKey, string region, string service = "events")
{
    private string _keyDate = "";
    private byte[] _signingKey = [];

    public string Authorization(string host, string amzTarget, DateTimeOffset now, ReadOnlySpan<byte> body, out string amzDate)
    {
        amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'");
        var date = amzDate[..8];
        var payloadHash = Convert.ToHexStringLower(SHA256.HashData(body));
        const string signedHeaders = "content-type;host;x-amz-date;x-amz-target";
        var canonicalRequest =
            $"POST\n/\n\ncontent-type:application/x-amz-json-1.1\nhost:{host}\nx-amz-date:{amzDate}\nx-amz-target:{amzTarget}\n\n{signedHeaders}\n{payloadHash}";
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(SigningKey(date), Encoding.UTF8.GetBytes(stringToSign)));
        return $"AWS4-HMAC-SHA256 Credential={accessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
    }

    private byte[] SigningKey(string date)
    {
        var (cachedDate, cachedKey) = (Volatile.Read(ref _keyDate), Volatile.Read(ref _signingKey));
        if (cachedDate == date) return cachedKey;
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        key = HMACSHA256.HashData(key, "aws4_request"u8.ToArray());
        Volatile.Write(ref _signingKey, key);
        Volatile.Write(ref _keyDate, date);
        return key;
    }
}
