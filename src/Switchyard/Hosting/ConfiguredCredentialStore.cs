using Switchyard.Protocol.Auth;
using Switchyard.Settings;

namespace Switchyard.Hosting;

/// <summary>The access keys declared in the config file (strict mode): key id → secret and account.</summary>
public sealed class ConfiguredCredentialStore(IEnumerable<CredentialSetting> credentials) : ICredentialStore
{
    private readonly Dictionary<string, StoredCredential> _byKeyId = credentials.ToDictionary(
        c => c.AccessKeyId,
        c => new StoredCredential(c.AccessKeyId, c.SecretAccessKey, c.AccountId, c.SessionToken),
        StringComparer.Ordinal);

    public bool TryGet(string accessKeyId, out StoredCredential credential) => _byKeyId.TryGetValue(accessKeyId, out credential!);
}
