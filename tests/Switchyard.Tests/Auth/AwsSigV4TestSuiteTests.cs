using System.Text;
using Switchyard.Protocol.Auth;

namespace Switchyard.Tests.Auth;

/// <summary>
/// AWS's published Signature Version 4 test suite (aws-sig-v4-test-suite): credentials AKIDEXAMPLE, region
/// us-east-1, service "service", 20150830T123600Z. Signatures are the published ones (the .authz files).
/// </summary>
public class AwsSigV4TestSuiteTests
{
    private const string AccessKey = "AKIDEXAMPLE";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string AmzDate = "20150830T123600Z";
    private const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    public sealed record Vector(string Name, string Method, string Path, string Query, (string, string)[] ExtraHeaders, string Body, string SignedHeaders, string Signature)
    {
        public override string ToString() => Name;
    }

    private static readonly Vector[] AllVectors =
    [
        new("get-vanilla", "GET", "/", "", [], "", "host;x-amz-date",
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        new("get-unreserved", "GET", "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", "", [], "", "host;x-amz-date",
            "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"),
        new("get-slashes", "GET", "//example//", "", [], "", "host;x-amz-date",
            "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84"),
        new("get-vanilla-query-order-key-case", "GET", "/", "Param2=value2&Param1=value1", [], "", "host;x-amz-date",
            "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
        new("get-vanilla-query-order-value", "GET", "/", "Param1=value2&Param1=value1", [], "", "host;x-amz-date",
            "5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694"),
        // The request line carries the UTF-8 bytes percent-encoded, which is how a server receives them.
        new("get-vanilla-utf8-query", "GET", "/", "%E1%88%B4=bar", [], "", "host;x-amz-date",
            "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"),
        new("get-header-value-order", "GET", "/", "",
            [("My-Header1", "value4"), ("My-Header1", "value1"), ("My-Header1", "value3"), ("My-Header1", "value2")], "",
            "host;my-header1;x-amz-date", "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01"),
        new("get-header-key-duplicate", "GET", "/", "",
            [("My-Header1", "value2"), ("My-Header1", "value2"), ("My-Header1", "value1")], "",
            "host;my-header1;x-amz-date", "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"),
        new("get-header-value-trim", "GET", "/", "",
            [("My-Header1", " value1"), ("My-Header2", "\"a   b   c\"")], "",
            "host;my-header1;my-header2;x-amz-date", "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"),
        new("post-x-www-form-urlencoded", "POST", "/", "",
            [("Content-Type", "application/x-www-form-urlencoded")], "Param1=value1",
            "content-type;host;x-amz-date", "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"),
        new("post-sts-header-after", "GET", "/", "",
            [("X-Amz-Security-Token", "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267")], "",
            "host;x-amz-date;x-amz-security-token", "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8"),
    ];

    public static TheoryData<Vector> Vectors() => new(AllVectors);

    private static SignedRequestView RequestFor(Vector vector)
    {
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Host", "example.amazonaws.com"),
            new("X-Amz-Date", AmzDate),
        };
        headers.AddRange(vector.ExtraHeaders.Select(h => new KeyValuePair<string, string>(h.Item1, h.Item2)));
        return new SignedRequestView(vector.Method, vector.Path, vector.Query, headers, Encoding.UTF8.GetBytes(vector.Body));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Signer_produces_the_published_signature(Vector vector)
    {
        var computed = SigV4Signer.Compute(RequestFor(vector), vector.SignedHeaders.Split(';'), presigned: false,
            AmzDate, "20150830", "us-east-1", "service", Secret);

        Assert.Equal(vector.Signature, computed.Signature);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Strict_authenticator_accepts_the_published_request(Vector vector)
    {
        var request = RequestFor(vector).WithHeader("Authorization",
            $"AWS4-HMAC-SHA256 Credential={AccessKey}/20150830/us-east-1/service/aws4_request, SignedHeaders={vector.SignedHeaders}, Signature={vector.Signature}");
        var token = vector.ExtraHeaders.Where(h => h.Item1 == "X-Amz-Security-Token").Select(h => h.Item2).FirstOrDefault();
        var store = new InMemoryCredentialStore([new StoredCredential(AccessKey, Secret, "111122223333", token)]);
        var authenticator = new SigV4Authenticator(AuthMode.Strict, store, "123456789012", FakeTimeProvider.At(AmzDate), null, "service");

        var result = authenticator.Authenticate(request);

        Assert.Equal(new AuthResult.Success(AccessKey, "111122223333", "us-east-1"), result);
    }

    [Fact]
    public void Get_vanilla_canonical_request_and_string_to_sign_match_the_published_ones()
    {
        var vector = AllVectors.Single(v => v.Name == "get-vanilla");

        var computed = SigV4Signer.Compute(RequestFor(vector), ["host", "x-amz-date"], presigned: false,
            AmzDate, "20150830", "us-east-1", "service", Secret);

        Assert.Equal($"GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:{AmzDate}\n\nhost;x-amz-date\n{EmptySha256}", computed.CanonicalRequest);
        Assert.Equal(
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n" +
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
            computed.StringToSign);
    }

    [Fact]
    public void Header_values_are_trimmed_and_inner_whitespace_collapsed()
    {
        var vector = AllVectors.Single(v => v.Name == "get-header-value-trim");

        var computed = SigV4Signer.Compute(RequestFor(vector), vector.SignedHeaders.Split(';'), presigned: false,
            AmzDate, "20150830", "us-east-1", "service", Secret);

        Assert.Contains("\nmy-header1:value1\nmy-header2:\"a b c\"\n", computed.CanonicalRequest);
    }

    [Fact]
    public void Signing_key_matches_the_documented_derivation_example()
    {
        // AWS General Reference, "Examples of how to derive a signing key for Signature Version 4".
        var key = SigningKeyCache.Derive(Secret, "20120215", "us-east-1", "iam");

        Assert.Equal("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d", Convert.ToHexStringLower(key));
    }
}
