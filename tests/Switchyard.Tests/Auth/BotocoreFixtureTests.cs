using System.Text;
using Switchyard.Protocol.Auth;

namespace Switchyard.Tests.Auth;

/// <summary>
/// Requests signed by botocore's SigV4Auth/SigV4QueryAuth, a boto3 client and the AWS CLI are accepted in
/// strict mode, and every kind of tampering is refused with AWS's error.
/// </summary>
public class BotocoreFixtureTests
{
    private const string Mismatch =
        "The request signature we calculated does not match the signature you provided. " +
        "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    public static TheoryData<string> AllFixtures() => new(SignedRequestFixture.All.Select(f => f.Name));

    public static TheoryData<string> HeaderSignedFixtures() =>
        new(SignedRequestFixture.All.Where(f => !f.IsPresigned).Select(f => f.Name));

    private static SigV4Authenticator StrictFor(SignedRequestFixture fixture, FakeTimeProvider? time = null, params StoredCredential[] credentials) =>
        new(AuthMode.Strict,
            new InMemoryCredentialStore(credentials.Length > 0 ? credentials : [fixture.ToStoredCredential()]),
            "123456789012",
            time ?? FakeTimeProvider.At(fixture.AmzDate));

    private static void AssertMismatch(AuthResult result)
    {
        var failure = Assert.IsType<AuthResult.Failure>(result);
        Assert.Equal("InvalidSignatureException", failure.ErrorCode);
        Assert.Equal(400, failure.StatusCode);
        Assert.StartsWith(Mismatch + "\n\nThe Canonical String for this request should have been\n'", failure.Message);
    }

    [Fact]
    public void Fixtures_cover_botocore_boto3_the_cli_a_session_token_and_a_presigned_request()
    {
        var names = SignedRequestFixture.All.Select(f => f.Name).ToList();
        Assert.Contains("awscli-put-permission", names);
        Assert.Contains("boto3-list-event-buses", names);
        Assert.Contains("botocore-session-token", names);
        Assert.Contains("botocore-presigned", names);
        Assert.True(names.Count >= 8, string.Join(", ", names));
    }

    [Theory]
    [MemberData(nameof(AllFixtures))]
    public void Strict_mode_accepts_the_signed_request(string name)
    {
        var fixture = SignedRequestFixture.Named(name);

        var result = StrictFor(fixture).Authenticate(fixture.ToRequest());

        Assert.Equal(new AuthResult.Success(fixture.AccessKeyId, fixture.AccountId, fixture.Region), result);
    }

    [Theory]
    [MemberData(nameof(AllFixtures))]
    public void Canonical_request_string_to_sign_and_signature_equal_botocores(string name)
    {
        var fixture = SignedRequestFixture.Named(name);
        if (fixture.ExpectedCanonicalRequest is null)
            return; // recorded on the wire only: botocore's intermediate texts are not observable there
        Assert.True(AuthorizationHeaderParser.TryParse(fixture.ToRequest(), out var parsed, out var failure), failure?.Message);

        var computed = SigV4Signer.Compute(fixture.ToRequest(), parsed.SignedHeaders, fixture.IsPresigned,
            parsed.AmzDate, parsed.Credential.Date, parsed.Credential.Region, "events", fixture.SecretAccessKey);

        Assert.Equal(fixture.ExpectedCanonicalRequest, computed.CanonicalRequest);
        Assert.Equal(fixture.ExpectedStringToSign, computed.StringToSign);
        Assert.Equal(fixture.ExpectedSignature, computed.Signature);
    }

    [Theory]
    [MemberData(nameof(AllFixtures))]
    public void One_changed_body_byte_is_refused(string name)
    {
        var fixture = SignedRequestFixture.Named(name);
        var request = fixture.ToRequest();
        var body = request.Body.ToArray();
        if (body.Length == 0)
            body = "x"u8.ToArray();
        else
            body[body.Length / 2] ^= 0x01;

        AssertMismatch(StrictFor(fixture).Authenticate(request with { Body = body }));
    }

    [Theory]
    [MemberData(nameof(HeaderSignedFixtures))]
    public void A_changed_signed_header_value_is_refused(string name)
    {
        var fixture = SignedRequestFixture.Named(name);
        var request = fixture.ToRequest().WithHeader("X-Amz-Target", "AWSEvents.DeleteEventBus");

        AssertMismatch(StrictFor(fixture).Authenticate(request));
    }

    [Theory]
    [MemberData(nameof(HeaderSignedFixtures))]
    public void A_changed_unsigned_header_is_ignored_because_the_clients_signed_header_list_rules(string name)
    {
        var fixture = SignedRequestFixture.Named(name);
        var request = fixture.ToRequest()
            .WithHeader("User-Agent", "some-proxy/1.0")
            .WithHeader("X-Forwarded-For", "10.0.0.1");

        Assert.IsType<AuthResult.Success>(StrictFor(fixture).Authenticate(request));
    }

    [Theory]
    [MemberData(nameof(HeaderSignedFixtures))]
    public void A_changed_signature_is_refused(string name)
    {
        var fixture = SignedRequestFixture.Named(name);
        var request = fixture.ToRequest();
        var authorization = request.Header("Authorization");
        var lastHex = authorization[^1];
        var tampered = authorization[..^1] + (lastHex == '0' ? '1' : '0');

        AssertMismatch(StrictFor(fixture).Authenticate(request.WithHeader("Authorization", tampered)));
    }

    [Fact]
    public void An_upper_case_signature_is_refused_as_aws_compares_the_text()
    {
        var fixture = SignedRequestFixture.Named("botocore-list-event-buses");
        var request = fixture.ToRequest();
        var authorization = request.Header("Authorization");
        var at = authorization.IndexOf("Signature=", StringComparison.Ordinal) + "Signature=".Length;

        var upper = authorization[..at] + authorization[at..].ToUpperInvariant();

        AssertMismatch(StrictFor(fixture).Authenticate(request.WithHeader("Authorization", upper)));
    }

    [Fact]
    public void A_tampered_presigned_query_is_refused()
    {
        var fixture = SignedRequestFixture.Named("botocore-presigned");
        var request = fixture.ToRequest();

        var tampered = request with { QueryString = request.QueryString + "&Extra=1" };

        AssertMismatch(StrictFor(fixture).Authenticate(tampered));
    }

    [Theory]
    [MemberData(nameof(AllFixtures))]
    public void A_wrong_secret_is_refused(string name)
    {
        var fixture = SignedRequestFixture.Named(name);
        var wrong = fixture.ToStoredCredential() with { SecretAccessKey = "not-the-secret-" + fixture.SecretAccessKey };

        AssertMismatch(StrictFor(fixture, null, wrong).Authenticate(fixture.ToRequest()));
    }

    [Theory]
    [MemberData(nameof(AllFixtures))]
    public void An_unknown_access_key_is_refused(string name)
    {
        var fixture = SignedRequestFixture.Named(name);
        var other = new StoredCredential("AKIAOTHEREXAMPLE0000", "secret", "999999999999");

        var result = StrictFor(fixture, null, other).Authenticate(fixture.ToRequest());

        Assert.Equal(new AuthResult.Failure("UnrecognizedClientException", "The security token included in the request is invalid.", 400), result);
    }

    [Theory]
    [MemberData(nameof(HeaderSignedFixtures))]
    public void A_request_older_than_fifteen_minutes_is_refused(string name)
    {
        var fixture = SignedRequestFixture.Named(name);
        var signedAt = FakeTimeProvider.ParseAmzDate(fixture.AmzDate);
        var now = signedAt.AddMinutes(15).AddSeconds(1);

        var result = StrictFor(fixture, new FakeTimeProvider(now)).Authenticate(fixture.ToRequest());

        var expected = $"Signature expired: {fixture.AmzDate} is now earlier than {Format(now.AddMinutes(-15))} ({Format(now)} - 15 min.)";
        Assert.Equal(new AuthResult.Failure("InvalidSignatureException", expected, 400), result);
    }

    [Theory]
    [MemberData(nameof(HeaderSignedFixtures))]
    public void A_request_exactly_fifteen_minutes_off_either_way_is_accepted(string name)
    {
        var fixture = SignedRequestFixture.Named(name);
        var signedAt = FakeTimeProvider.ParseAmzDate(fixture.AmzDate);

        Assert.IsType<AuthResult.Success>(StrictFor(fixture, new FakeTimeProvider(signedAt.AddMinutes(15))).Authenticate(fixture.ToRequest()));
        Assert.IsType<AuthResult.Success>(StrictFor(fixture, new FakeTimeProvider(signedAt.AddMinutes(-15))).Authenticate(fixture.ToRequest()));
    }

    [Fact]
    public void A_request_from_the_future_is_refused_as_not_yet_current()
    {
        var fixture = SignedRequestFixture.Named("botocore-list-event-buses"); // signed at 20261126T103000Z
        var time = new FakeTimeProvider(FakeTimeProvider.ParseAmzDate("20261126T101000Z"));

        var result = StrictFor(fixture, time).Authenticate(fixture.ToRequest());

        Assert.Equal(new AuthResult.Failure("InvalidSignatureException",
            "Signature not yet current: 20261126T103000Z is still later than 20261126T102500Z (20261126T101000Z + 15 min.)", 400), result);
    }

    [Fact]
    public void A_configured_skew_is_used_in_the_check_and_the_message()
    {
        var fixture = SignedRequestFixture.Named("botocore-list-event-buses");
        var time = new FakeTimeProvider(FakeTimeProvider.ParseAmzDate("20261126T103600Z"));
        var authenticator = new SigV4Authenticator(AuthMode.Strict, new InMemoryCredentialStore([fixture.ToStoredCredential()]),
            "123456789012", time, TimeSpan.FromMinutes(5));

        var result = authenticator.Authenticate(fixture.ToRequest());

        Assert.Equal(new AuthResult.Failure("InvalidSignatureException",
            "Signature expired: 20261126T103000Z is now earlier than 20261126T103100Z (20261126T103600Z - 5 min.)", 400), result);
    }

    [Fact]
    public void A_presigned_request_is_good_for_its_expiry_and_refused_after()
    {
        var fixture = SignedRequestFixture.Named("botocore-presigned"); // X-Amz-Expires=300 at 20261126T103000Z
        var signedAt = FakeTimeProvider.ParseAmzDate(fixture.AmzDate);

        Assert.IsType<AuthResult.Success>(StrictFor(fixture, new FakeTimeProvider(signedAt.AddSeconds(300))).Authenticate(fixture.ToRequest()));

        var result = StrictFor(fixture, new FakeTimeProvider(signedAt.AddSeconds(301))).Authenticate(fixture.ToRequest());
        Assert.Equal(new AuthResult.Failure("InvalidSignatureException",
            "Signature expired: 20261126T103000Z is now earlier than 20261126T103001Z (20261126T103501Z - 300 sec.)", 400), result);
    }

    [Fact]
    public void A_session_request_with_a_different_token_is_refused()
    {
        var fixture = SignedRequestFixture.Named("botocore-session-token");
        var stored = fixture.ToStoredCredential() with { SessionToken = fixture.SessionToken + "-rotated" };

        var result = StrictFor(fixture, null, stored).Authenticate(fixture.ToRequest());

        Assert.Equal(new AuthResult.Failure("UnrecognizedClientException", "The security token included in the request is invalid", 400), result);
    }

    [Fact]
    public void A_session_token_changed_in_transit_breaks_the_signature_because_it_is_signed()
    {
        var fixture = SignedRequestFixture.Named("botocore-session-token");
        var request = fixture.ToRequest().WithHeader("X-Amz-Security-Token", "forged");

        AssertMismatch(StrictFor(fixture).Authenticate(request));
    }

    [Fact]
    public void A_session_key_used_without_its_token_is_refused()
    {
        // Signed with the session key pair but no token (as a client with a lost AWS_SESSION_TOKEN would).
        var fixture = SignedRequestFixture.Named("botocore-session-token");
        var request = SignedRequests.Post("{}", "", ("Host", "127.0.0.1:4010"), ("Content-Type", "application/x-amz-json-1.1"))
            .SignedWith(fixture.AccessKeyId, fixture.SecretAccessKey, fixture.AmzDate, fixture.Region);

        var result = StrictFor(fixture).Authenticate(request);

        Assert.Equal(new AuthResult.Failure("UnrecognizedClientException", "The security token included in the request is invalid", 400), result);
    }

    [Fact]
    public void A_long_term_key_sent_with_a_token_is_refused()
    {
        var fixture = SignedRequestFixture.Named("botocore-list-event-buses");
        var request = SignedRequests.Post("{}", "", ("Host", "127.0.0.1:4010"))
            .SignedWith(fixture.AccessKeyId, fixture.SecretAccessKey, fixture.AmzDate, fixture.Region, token: "stray-token");

        var result = StrictFor(fixture).Authenticate(request);

        Assert.Equal(new AuthResult.Failure("UnrecognizedClientException", "The security token included in the request is invalid", 400), result);
    }

    [Fact]
    public void A_declared_payload_hash_that_is_not_the_bodys_is_refused()
    {
        // The client signed X-Amz-Content-SHA256 = sha256("{}"); a swapped body keeps the header but not its hash.
        var fixture = SignedRequestFixture.Named("botocore-content-sha256");
        var request = fixture.ToRequest() with { Body = Encoding.UTF8.GetBytes("{\"NamePrefix\":\"x\"}") };

        AssertMismatch(StrictFor(fixture).Authenticate(request));
    }

    [Fact]
    public void The_mismatch_message_shows_the_canonical_request_and_string_to_sign_the_server_computed()
    {
        var fixture = SignedRequestFixture.Named("botocore-list-event-buses");
        var wrong = fixture.ToStoredCredential() with { SecretAccessKey = "wrong" };

        var failure = Assert.IsType<AuthResult.Failure>(StrictFor(fixture, null, wrong).Authenticate(fixture.ToRequest()));

        Assert.Equal(
            Mismatch + "\n\nThe Canonical String for this request should have been\n'" + fixture.ExpectedCanonicalRequest +
            "'\n\nThe String-to-Sign should have been\n'" + fixture.ExpectedStringToSign + "'\n",
            failure.Message);
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
