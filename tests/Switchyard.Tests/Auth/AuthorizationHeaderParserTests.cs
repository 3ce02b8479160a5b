using Switchyard.Protocol.Auth;

namespace Switchyard.Tests.Auth;

/// <summary>Missing and malformed signatures, answered with AWS's codes and texts.</summary>
public class AuthorizationHeaderParserTests
{
    private const string Valid =
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261126/us-east-1/events/aws4_request, " +
        "SignedHeaders=content-type;host;x-amz-date, Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static SignedRequestView WithAuthorization(string? authorization, string? amzDate = "20261126T103000Z", string query = "")
    {
        var headers = new List<(string, string)> { ("Host", "localhost:4010") };
        if (amzDate is not null)
            headers.Add(("X-Amz-Date", amzDate));
        if (authorization is not null)
            headers.Add(("Authorization", authorization));
        return SignedRequests.Post("{}", query, [.. headers]);
    }

    private static AuthResult.Failure Fails(SignedRequestView request)
    {
        Assert.False(AuthorizationHeaderParser.TryParse(request, out _, out var failure));
        return failure;
    }

    [Fact]
    public void A_well_formed_header_is_parsed()
    {
        var request = WithAuthorization(Valid).WithHeader("X-Amz-Security-Token", "token");

        Assert.True(AuthorizationHeaderParser.TryParse(request, out var parsed, out _));

        Assert.Equal(new SigV4Credential("AKIDEXAMPLE", "20261126", "us-east-1", "events"), parsed.Credential);
        Assert.Equal(["content-type", "host", "x-amz-date"], parsed.SignedHeaders);
        Assert.Equal("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", parsed.Signature);
        Assert.Equal("20261126T103000Z", parsed.AmzDate);
        Assert.Equal("token", parsed.SecurityToken);
    }

    [Theory]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261126/us-east-1/events/aws4_request,SignedHeaders=host,Signature=ab")]
    [InlineData("  AWS4-HMAC-SHA256   Credential=AKIDEXAMPLE/20261126/us-east-1/events/aws4_request ,  SignedHeaders=host ,Signature=ab  ")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261126/us-east-1/events/aws4_request/, SignedHeaders=host, Signature=ab")]
    [InlineData("AWS4-HMAC-SHA256 Signature=ab, SignedHeaders=host, Credential=AKIDEXAMPLE/20261126/us-east-1/events/aws4_request")]
    public void Separators_spacing_order_and_a_trailing_slash_are_tolerated_as_on_aws(string header)
    {
        Assert.True(AuthorizationHeaderParser.TryParse(WithAuthorization(header), out var parsed, out var failure), failure?.Message);
        Assert.Equal("AKIDEXAMPLE", parsed.Credential.AccessKeyId);
        Assert.Equal(["host"], parsed.SignedHeaders);
        Assert.Equal("ab", parsed.Signature);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer eyJhbGciOiJIUzI1NiJ9")]
    [InlineData("AWS AKIDEXAMPLE:c2lnbmF0dXJl")]
    public void No_sigv4_authorization_is_a_missing_authentication_token(string? header)
    {
        Assert.Equal(new AuthResult.Failure("MissingAuthenticationTokenException", "Missing Authentication Token", 403),
            Fails(WithAuthorization(header)));
    }

    [Fact]
    public void A_bare_algorithm_lists_every_missing_part_and_echoes_the_header()
    {
        var failure = Fails(WithAuthorization("AWS4-HMAC-SHA256", amzDate: null));

        Assert.Equal(new AuthResult.Failure("IncompleteSignatureException",
            "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
            "Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a " +
            "'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256", 400), failure);
    }

    [Fact]
    public void Only_the_missing_parts_are_listed()
    {
        var header = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261126/us-east-1/events/aws4_request, SignedHeaders=";

        var failure = Fails(WithAuthorization(header));

        Assert.Equal("Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. " +
                     "Authorization=" + header, failure.Message);
        Assert.Equal("IncompleteSignatureException", failure.ErrorCode);
    }

    [Fact]
    public void A_space_inside_the_credential_is_a_missing_equal_sign()
    {
        var header = "AWS4-HMAC-SHA256 Credential= AKIDEXAMPLE/20261126/us-east-1/events/aws4_request, SignedHeaders=host, Signature=ab";

        var failure = Fails(WithAuthorization(header));

        Assert.Equal(new AuthResult.Failure("IncompleteSignatureException",
            "'AKIDEXAMPLE/20261126/us-east-1/events/aws4_request' not a valid key=value pair (missing equal-sign) in Authorization header: '" + header + "'.",
            400), failure);
    }

    [Fact]
    public void Another_algorithm_is_unsupported()
    {
        var failure = Fails(WithAuthorization(Valid.Replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA512")));

        Assert.Equal(new AuthResult.Failure("IncompleteSignatureException",
            "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512' (only AWS4-HMAC-SHA256 for now). ", 400), failure);
    }

    [Theory]
    [InlineData("AKIDEXAMPLE/20261126/us-east-1/events")]
    [InlineData("AKIDEXAMPLE/20261126/us-east-1/events/aws4_request/extra")]
    public void A_credential_needs_exactly_five_elements(string credential)
    {
        var failure = Fails(WithAuthorization($"AWS4-HMAC-SHA256 Credential={credential}, SignedHeaders=host, Signature=ab"));

        Assert.Equal(new AuthResult.Failure("IncompleteSignatureException",
            $"Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '{credential}'", 400), failure);
    }

    [Theory]
    [InlineData("201")]
    [InlineData("2026-11-26T10:30:00Z")]
    [InlineData("20261126T103000")]
    public void X_amz_date_must_be_iso8601_basic_format(string amzDate)
    {
        var failure = Fails(WithAuthorization(Valid, amzDate));

        Assert.Equal(new AuthResult.Failure("IncompleteSignatureException",
            $"Date must be in ISO-8601 'basic format'. Got '{amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601", 400), failure);
    }

    [Fact]
    public void A_date_header_stands_in_for_x_amz_date()
    {
        var request = WithAuthorization(Valid, amzDate: null).WithHeader("Date", "Thu, 26 Nov 2026 10:30:00 GMT");

        Assert.True(AuthorizationHeaderParser.TryParse(request, out var parsed, out _));
        Assert.Equal("20261126T103000Z", parsed.AmzDate);
    }

    [Fact]
    public void Header_names_are_case_insensitive()
    {
        var request = SignedRequests.Post("{}", "", ("HOST", "localhost"), ("x-AMZ-date", "20261126T103000Z"), ("AUTHORIZATION", Valid));

        Assert.True(AuthorizationHeaderParser.TryParse(request, out var parsed, out _));
        Assert.Equal("20261126T103000Z", parsed.AmzDate);
    }

    [Fact]
    public void A_header_and_presigned_query_together_are_refused()
    {
        var failure = Fails(WithAuthorization(Valid, query: "X-Amz-Algorithm=AWS4-HMAC-SHA256"));

        Assert.Equal(new AuthResult.Failure("InvalidSignatureException",
            "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.", 400), failure);
    }

    [Fact]
    public void A_presigned_query_is_parsed_with_its_parameters_decoded()
    {
        var query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20261126%2Fus-east-1%2Fevents%2Faws4_request" +
                    "&X-Amz-Date=20261126T103000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=content-type%3Bhost&X-Amz-Signature=ab" +
                    "&X-Amz-Security-Token=tok%2Ben";

        Assert.True(AuthorizationHeaderParser.TryParse(WithAuthorization(null, amzDate: null, query: query), out var parsed, out var failure), failure?.Message);

        Assert.Equal(new SigV4Credential("AKIDEXAMPLE", "20261126", "us-east-1", "events"), parsed.Credential);
        Assert.Equal(["content-type", "host"], parsed.SignedHeaders);
        Assert.Equal("tok+en", parsed.SecurityToken);
    }

    [Fact]
    public void A_presigned_query_missing_parameters_lists_them()
    {
        var failure = Fails(WithAuthorization(null, amzDate: null, query: "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=ab"));

        Assert.Equal(new AuthResult.Failure("IncompleteSignatureException",
            "AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters must include 'X-Amz-SignedHeaders'. " +
            "AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters.", 400), failure);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("604801")]
    public void A_presigned_expiry_must_be_at_most_seven_days(string expires)
    {
        var query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20261126%2Fus-east-1%2Fevents%2Faws4_request" +
                    $"&X-Amz-Date=20261126T103000Z&X-Amz-Expires={expires}&X-Amz-SignedHeaders=host&X-Amz-Signature=ab";

        var failure = Fails(WithAuthorization(null, amzDate: null, query: query));

        Assert.Equal("IncompleteSignatureException", failure.ErrorCode);
        Assert.Contains($"'{expires}'", failure.Message);
    }

    [Fact]
    public void An_ordinary_query_string_is_not_a_presigned_signature()
    {
        var failure = Fails(WithAuthorization(null, query: "X-Amz-Algorithmic=1&foo=bar"));

        Assert.Equal("MissingAuthenticationTokenException", failure.ErrorCode);
    }
}
