using Switchyard.Protocol.Auth;

namespace Switchyard.Tests.Auth;

/// <summary>
/// Strict mode binds a signature to what the request does: the body (no <c>UNSIGNED-PAYLOAD</c> unless allowed) and,
/// for a presigned URL, the operation (<c>x-amz-target</c> must be among its signed headers).
/// </summary>
public class StrictBodyBindingTests
{
    private const string Key = "AKIAIOSFODNN7EXAMPLE";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private const string AmzDate = "20261126T103000Z";
    private const string Target = "x-amz-target";

    private static SigV4Authenticator Strict(bool allowUnsignedPayload = false) => new(AuthMode.Strict,
        new InMemoryCredentialStore([new StoredCredential(Key, Secret, "111122223333")]), "123456789012", FakeTimeProvider.At(AmzDate))
    {
        AllowUnsignedPayload = allowUnsignedPayload,
    };

    private static SignedRequestView Request(string body = "{}") =>
        SignedRequests.Post(body, "", ("Host", "localhost:4010"), ("Content-Type", "application/x-amz-json-1.1"), ("X-Amz-Target", "AWSEvents.ListRules"));

    [Fact]
    public void A_correctly_signed_unsigned_payload_is_refused_by_default()
    {
        var request = Request().WithHeader("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD").SignedWith(Key, Secret, AmzDate);

        var result = Strict().Authenticate(request, Target);

        var failure = Assert.IsType<AuthResult.Failure>(result);
        Assert.Equal(("InvalidSignatureException", 400), (failure.ErrorCode, failure.StatusCode));
        Assert.Contains("UNSIGNED-PAYLOAD", failure.Message);
    }

    [Fact]
    public void An_unsigned_payload_signature_covers_any_body_which_is_why_it_is_refused()
    {
        var signed = Request("""{"NamePrefix":"a"}""").WithHeader("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD").SignedWith(Key, Secret, AmzDate);
        var swapped = signed with { Body = "{\"NamePrefix\":\"b\"}"u8.ToArray() };

        // Allowed by the setting, a swapped body still verifies: the signature never saw it.
        Assert.IsType<AuthResult.Success>(Strict(allowUnsignedPayload: true).Authenticate(swapped, Target));
        Assert.IsType<AuthResult.Failure>(Strict().Authenticate(swapped, Target));
    }

    [Fact]
    public void The_bodys_own_hash_declared_in_the_header_is_accepted()
    {
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("{}"u8));
        var request = Request().WithHeader("X-Amz-Content-Sha256", hash).SignedWith(Key, Secret, AmzDate);

        Assert.IsType<AuthResult.Success>(Strict().Authenticate(request, Target));
    }

    [Fact]
    public void A_hash_streamed_by_the_http_layer_is_used_instead_of_hashing_again()
    {
        var request = Request().SignedWith(Key, Secret, AmzDate);
        var rightHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("{}"u8));

        Assert.IsType<AuthResult.Success>(Strict().Authenticate(request with { BodySha256 = rightHash }, Target));
        // A wrong streamed hash cannot pass for the body's: the signature then fails to match.
        Assert.IsType<AuthResult.Failure>(Strict().Authenticate(request with { BodySha256 = new string('0', 64) }, Target));
    }

    [Fact]
    public void A_presigned_request_that_does_not_sign_the_target_is_refused_for_the_api()
    {
        var request = Presigned(["content-type", "host"]);

        Assert.Equal(new AuthResult.Failure("InvalidSignatureException",
            "'x-amz-target' must be a 'SignedHeader' of a presigned request (X-Amz-SignedHeaders).", 400),
            Strict().Authenticate(request, Target));
        // The same URL replayed with another target is the attack: it verifies where the target is not required.
        Assert.IsType<AuthResult.Success>(Strict().Authenticate(request.WithHeader("X-Amz-Target", "AWSEvents.DeleteRule")));
    }

    [Fact]
    public void A_presigned_request_that_signs_the_target_is_accepted_and_cannot_change_operation()
    {
        var request = Presigned(["content-type", "host", "x-amz-target"]);

        Assert.IsType<AuthResult.Success>(Strict().Authenticate(request, Target));
        Assert.IsType<AuthResult.Failure>(Strict().Authenticate(request.WithHeader("X-Amz-Target", "AWSEvents.DeleteRule"), Target));
    }

    [Fact]
    public void The_botocore_presigned_fixture_signs_only_host_and_content_type_so_the_api_refuses_it()
    {
        var fixture = SignedRequestFixture.Named("botocore-presigned");
        var authenticator = new SigV4Authenticator(AuthMode.Strict, new InMemoryCredentialStore([fixture.ToStoredCredential()]),
            "123456789012", FakeTimeProvider.At(fixture.AmzDate));

        Assert.IsType<AuthResult.Success>(authenticator.Authenticate(fixture.ToRequest()));
        Assert.IsType<AuthResult.Failure>(authenticator.Authenticate(fixture.ToRequest(), Target));
    }

    [Fact]
    public void Open_mode_checks_neither()
    {
        var open = new SigV4Authenticator(AuthMode.Open, new InMemoryCredentialStore([]), "123456789012", FakeTimeProvider.At(AmzDate));
        var unsigned = Request().WithHeader("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD").SignedWith(Key, Secret, AmzDate);

        Assert.IsType<AuthResult.Success>(open.Authenticate(unsigned, Target));
        Assert.IsType<AuthResult.Success>(open.Authenticate(Presigned(["host"]), Target));
    }

    /// <summary>A query-string-signed ListRules, signed over <paramref name="signedHeaders"/>.</summary>
    private static SignedRequestView Presigned(string[] signedHeaders)
    {
        var query = $"X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential={Key}%2F20261126%2Fus-east-1%2Fevents%2Faws4_request" +
                    $"&X-Amz-Date={AmzDate}&X-Amz-Expires=300&X-Amz-SignedHeaders={string.Join("%3B", signedHeaders)}";
        var request = Request() with { QueryString = query };
        var signature = SigV4Signer.Compute(request, signedHeaders, presigned: true, AmzDate, AmzDate[..8], "us-east-1", "events", Secret).Signature;
        return request with { QueryString = query + "&X-Amz-Signature=" + signature };
    }
}
