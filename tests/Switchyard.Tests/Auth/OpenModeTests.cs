using Switchyard.Protocol.Auth;

namespace Switchyard.Tests.Auth;

/// <summary>Open mode: a well-formed signature is required, but only to pick the account and region.</summary>
public class OpenModeTests
{
    private static readonly InMemoryCredentialStore Store =
        new([new StoredCredential("AKIACONFIGUREDEXAMPL", "secret", "555566667777")]);

    private static SigV4Authenticator Open(string defaultAccount = "123456789012") =>
        new(AuthMode.Open, Store, defaultAccount, FakeTimeProvider.At("20261126T103000Z"));

    private static SignedRequestView SignedBy(string accessKeyId, string region = "us-west-2", string amzDate = "20150830T123600Z", string service = "events") =>
        SignedRequests.Post("{}", "", ("Host", "localhost:4010"), ("X-Amz-Date", amzDate), ("Authorization",
            $"AWS4-HMAC-SHA256 Credential={accessKeyId}/{amzDate[..8]}/{region}/{service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=not-checked"));

    [Fact]
    public void A_twelve_digit_access_key_is_the_account()
    {
        Assert.Equal(new AuthResult.Success("210987654321", "210987654321", "us-west-2"), Open().Authenticate(SignedBy("210987654321")));
    }

    [Theory]
    [InlineData("test")]
    [InlineData("AKIAIOSFODNN7EXAMPLE")]
    [InlineData("12345678901")]
    [InlineData("1234567890123")]
    [InlineData("12345678901a")]
    public void Any_other_key_maps_to_the_default_account(string accessKeyId)
    {
        Assert.Equal(new AuthResult.Success(accessKeyId, "123456789012", "us-west-2"), Open().Authenticate(SignedBy(accessKeyId)));
    }

    [Fact]
    public void The_default_account_is_configurable()
    {
        Assert.Equal("000000000000", Assert.IsType<AuthResult.Success>(Open("000000000000").Authenticate(SignedBy("test"))).AccountId);
    }

    [Fact]
    public void A_configured_key_maps_to_its_configured_account()
    {
        Assert.Equal("555566667777", Assert.IsType<AuthResult.Success>(Open().Authenticate(SignedBy("AKIACONFIGUREDEXAMPL"))).AccountId);
    }

    [Fact]
    public void The_region_comes_from_the_credential_scope()
    {
        Assert.Equal("eu-central-1", Assert.IsType<AuthResult.Success>(Open().Authenticate(SignedBy("test", "eu-central-1"))).Region);
    }

    [Fact]
    public void Signature_clock_and_service_are_not_checked()
    {
        // Dated 2015, scoped to another service, garbage signature: still fine in open mode.
        Assert.IsType<AuthResult.Success>(Open().Authenticate(SignedBy("test", service: "sqs")));
    }

    [Fact]
    public void A_region_that_is_not_a_region_name_is_still_refused()
    {
        Assert.Equal(new AuthResult.Failure("InvalidSignatureException", "Credential should be scoped to a valid region, not 'Not_A_Region'. ", 400),
            Open().Authenticate(SignedBy("test", "Not_A_Region")));
    }

    [Fact]
    public void A_missing_signature_is_still_refused()
    {
        var request = SignedRequests.Post("{}", "", ("Host", "localhost:4010"));

        Assert.Equal(new AuthResult.Failure("MissingAuthenticationTokenException", "Missing Authentication Token", 403), Open().Authenticate(request));
    }

    [Fact]
    public void A_malformed_signature_is_still_refused()
    {
        var request = SignedRequests.Post("{}", "", ("Host", "localhost:4010"), ("X-Amz-Date", "20261126T103000Z"),
            ("Authorization", "AWS4-HMAC-SHA256 Credential=test/20261126/us-east-1/events"));

        Assert.Equal("IncompleteSignatureException", Assert.IsType<AuthResult.Failure>(Open().Authenticate(request)).ErrorCode);
    }

    [Fact]
    public void Requests_recorded_from_real_clients_are_accepted_with_the_default_account()
    {
        foreach (var fixture in SignedRequestFixture.All)
        {
            var result = Open().Authenticate(fixture.ToRequest());
            Assert.Equal(new AuthResult.Success(fixture.AccessKeyId, "123456789012", fixture.Region), result);
        }
    }

    [Fact]
    public void The_default_account_must_be_an_account_id()
    {
        Assert.Throws<ArgumentException>(() => new SigV4Authenticator(AuthMode.Open, Store, "default", TimeProvider.System));
    }
}
