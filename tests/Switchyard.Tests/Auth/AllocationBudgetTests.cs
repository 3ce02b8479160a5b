using Switchyard.Protocol.Auth;
using Xunit.Abstractions;

namespace Switchyard.Tests.Auth;

/// <summary>
/// Authentication runs on every request; these guard against it quietly starting to allocate per-request
/// strings or buffers (the canonical request, hashes, signing keys) again.
/// </summary>
public class AllocationBudgetTests(ITestOutputHelper output)
{
    private static long MeasureAllocatedBytes(Action action, int iterations = 200)
    {
        for (var i = 0; i < 50; i++)
            action(); // warm-up: JIT, thread-static builder, signing-key cache
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < iterations; i++)
            action();
        return (GC.GetAllocatedBytesForCurrentThread() - before) / iterations;
    }

    [Fact]
    public void Strict_verification_of_a_cli_request_stays_within_its_allocation_budget()
    {
        var fixture = SignedRequestFixture.Named("awscli-put-permission");
        var request = fixture.ToRequest();
        var authenticator = new SigV4Authenticator(AuthMode.Strict, new InMemoryCredentialStore([fixture.ToStoredCredential()]),
            "123456789012", FakeTimeProvider.At(fixture.AmzDate));
        Assert.IsType<AuthResult.Success>(authenticator.Authenticate(request));

        var perRequest = MeasureAllocatedBytes(() => authenticator.Authenticate(request));
        output.WriteLine($"strict: {perRequest} bytes per request");

        // What remains is the parsed signature itself (a few small strings and records) and the result.
        Assert.True(perRequest < 1536, $"{perRequest} bytes per request");
    }

    [Fact]
    public void Open_mode_allocates_only_the_parsed_signature()
    {
        var fixture = SignedRequestFixture.Named("awscli-put-permission");
        var request = fixture.ToRequest();
        var authenticator = new SigV4Authenticator(AuthMode.Open, InMemoryCredentialStore.Empty, "123456789012", TimeProvider.System);

        var perRequest = MeasureAllocatedBytes(() => authenticator.Authenticate(request));
        output.WriteLine($"open: {perRequest} bytes per request");

        Assert.True(perRequest < 1280, $"{perRequest} bytes per request");
    }
}
