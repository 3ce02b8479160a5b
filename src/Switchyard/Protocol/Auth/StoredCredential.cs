namespace Switchyard.Protocol.Auth;

/// <summary>A configured key pair and the account it acts for.</summary>
/// <param name="SessionToken">
/// Set for temporary (session) credentials: requests signed with this key must carry exactly this
/// <c>X-Amz-Security-Token</c>. Null for long-term keys, which must carry none.
/// </param>
public sealed record StoredCredential(string AccessKeyId, string SecretAccessKey, string AccountId, string? SessionToken = null);
