using System.Text.Json;
using Switchyard.Protocol.Auth;

namespace Switchyard.Tests.Auth;

/// <summary>
/// One request signed by real AWS client code (botocore, boto3, the AWS CLI), written by
/// <c>Fixtures/make_fixtures.py</c>.
/// </summary>
public sealed class SignedRequestFixture
{
    public required string Name { get; init; }
    public required string Source { get; init; }
    public required string AccessKeyId { get; init; }
    public required string SecretAccessKey { get; init; }
    public string? SessionToken { get; init; }
    public required string AccountId { get; init; }
    public required string Region { get; init; }
    public required string Method { get; init; }
    public required string Path { get; init; }
    public required string Query { get; init; }
    public required List<List<string>> Headers { get; init; }
    public required string BodyBase64 { get; init; }
    public required string AmzDate { get; init; }
    public string? ExpectedCanonicalRequest { get; init; }
    public string? ExpectedStringToSign { get; init; }
    public string? ExpectedSignature { get; init; }

    public bool IsPresigned => Query.Contains("X-Amz-Signature=", StringComparison.Ordinal);

    public SignedRequestView ToRequest() => new(
        Method, Path, Query,
        Headers.Select(h => new KeyValuePair<string, string>(h[0], h[1])).ToList(),
        Convert.FromBase64String(BodyBase64));

    public StoredCredential ToStoredCredential() => new(AccessKeyId, SecretAccessKey, AccountId, SessionToken);

    public override string ToString() => Name;

    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true };

    public static IReadOnlyList<SignedRequestFixture> All { get; } = Load();

    public static SignedRequestFixture Named(string name) => All.Single(f => f.Name == name);

    private static List<SignedRequestFixture> Load()
    {
        var directory = System.IO.Path.Combine(AppContext.BaseDirectory, "Auth", "Fixtures");
        return Directory.GetFiles(directory, "*.json")
            .Order(StringComparer.Ordinal)
            .Select(file => JsonSerializer.Deserialize<SignedRequestFixture>(File.ReadAllText(file), Options)!)
            .ToList();
    }
}
