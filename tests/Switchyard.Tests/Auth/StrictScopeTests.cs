using Switchyard.Protocol.Auth;

namespace Switchyard.Tests.Auth;

/// <summary>Strict-mode checks that come before the signature: host signed and the credential scope.</summary>
public class StrictScopeTests
{
    private const string Key = "AKIAIOSFODNN7EXAMPLE";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private const string AmzDate = "20261126T103000Z";

    private static readonly SigV4Authenticator Strict = new(AuthMode.Strict,
        new InMemoryCredentialStore([new StoredCredential(Key, Secret, "111122223333")]), "123456789012", FakeTimeProvider.At(AmzDate));

    private static SignedRequestView BaseRequest() =>
        SignedRequests.Post("{}", "", ("Host", "localhost:4010"), ("Content-Type", "application/x-amz-json-1.1"), ("X-Amz-Target", "AWSEvents.ListEventBuses"));

    [Fact]
    public void A_request_signed_by_switchyards_own_signer_round_trips()
    {
        var request = BaseRequest().SignedWith(Key, Secret, AmzDate, "ap-southeast-2");

        Assert.Equal(new AuthResult.Success(Key, "111122223333", "ap-southeast-2"), Strict.Authenticate(request));
    }

    [Fact]
    public void A_date_header_can_replace_x_amz_date_and_signs_as_its_basic_format()
    {
        var request = SignedRequests.Post("{}", "", ("Host", "localhost:4010"), ("Date", "Thu, 26 Nov 2026 10:30:00 GMT"));
        var signature = SigV4Signer.Compute(request, ["date", "host"], presigned: false, AmzDate, "20261126", "us-east-1", "events", Secret).Signature;
        request = request.WithHeader("Authorization",
            $"AWS4-HMAC-SHA256 Credential={Key}/20261126/us-east-1/events/aws4_request, SignedHeaders=date;host, Signature={signature}");

        Assert.Equal(new AuthResult.Success(Key, "111122223333", "us-east-1"), Strict.Authenticate(request));
    }

    [Fact]
    public void A_credential_scoped_to_another_service_is_refused()
    {
        var request = BaseRequest().SignedWith(Key, Secret, AmzDate, service: "eventbridge");

        Assert.Equal(new AuthResult.Failure("InvalidSignatureException", "Credential should be scoped to correct service: 'events'. ", 400),
            Strict.Authenticate(request));
    }

    [Fact]
    public void All_scope_problems_are_reported_together()
    {
        var request = BaseRequest().WithHeader("X-Amz-Date", AmzDate).WithHeader("Authorization",
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261125/US_EAST/sqs/aws5_request, SignedHeaders=host;x-amz-date, Signature=ab");

        var result = Strict.Authenticate(request);

        Assert.Equal(new AuthResult.Failure("InvalidSignatureException",
            "Credential should be scoped to a valid region, not 'US_EAST'. " +
            "Credential should be scoped to correct service: 'events'. " +
            "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. " +
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20261125' != '20261126', from '20261126T103000Z'.",
            400), result);
    }

    [Fact]
    public void Host_must_be_signed()
    {
        var request = BaseRequest().SignedWith(Key, Secret, AmzDate, signedHeaders: ["content-type", "x-amz-date", "x-amz-target"]);

        Assert.Equal(new AuthResult.Failure("InvalidSignatureException", "'Host' must be a 'SignedHeader' in the AWS Authorization.", 400),
            Strict.Authenticate(request));
    }

    [Fact]
    public void Signed_header_names_are_matched_case_insensitively_and_sorted()
    {
        var signed = BaseRequest().SignedWith(Key, Secret, AmzDate);
        var authorization = signed.Header("Authorization")
            .Replace("SignedHeaders=content-type;host;x-amz-date;x-amz-target", "SignedHeaders=Host;Content-Type;X-Amz-Target;X-Amz-Date");

        Assert.IsType<AuthResult.Success>(Strict.Authenticate(signed.WithHeader("Authorization", authorization)));
    }

    [Fact]
    public void A_signed_header_missing_from_the_request_fails_the_signature()
    {
        var request = BaseRequest().SignedWith(Key, Secret, AmzDate).WithoutHeader("X-Amz-Target");

        var failure = Assert.IsType<AuthResult.Failure>(Strict.Authenticate(request));
        Assert.Equal("InvalidSignatureException", failure.ErrorCode);
        Assert.Contains("\nx-amz-target:\n", failure.Message);
    }

    [Fact]
    public void An_encoded_path_is_canonicalized_the_way_botocore_double_encodes_it()
    {
        var builder = new System.Text.StringBuilder();
        CanonicalRequestBuilder.AppendCanonicalUri(builder, "/a/./b/../c%20d//e/");

        Assert.Equal("/a/c%2520d/e/", builder.ToString());
    }

    [Theory]
    [InlineData("/", "/")]
    [InlineData("", "/")]
    [InlineData("/..", "/")]
    [InlineData("//example//", "/example/")]
    [InlineData("/ሴ", "/%E1%88%B4")]
    public void Paths_normalize_like_botocore(string raw, string canonical)
    {
        var builder = new System.Text.StringBuilder();
        CanonicalRequestBuilder.AppendCanonicalUri(builder, raw);

        Assert.Equal(canonical, builder.ToString());
    }

    [Fact]
    public void Query_parameters_are_decoded_re_encoded_and_sorted()
    {
        var builder = new System.Text.StringBuilder();
        CanonicalRequestBuilder.AppendCanonicalQuery(builder, "b=2&a=%7e&a=1+1&flag&c=x%2Fy", excludeSignatureParameter: false);

        Assert.Equal("a=1%2B1&a=~&b=2&c=x%2Fy&flag=", builder.ToString());
    }
}
