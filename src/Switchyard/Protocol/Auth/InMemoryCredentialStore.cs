using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Switchyard.Protocol.Auth;

/// <summary>
/// A read-only credential store built once from configuration. Frozen because it is read on every
/// request and never changes while the server runs.
/// </summary>
public sealed class InMemoryCredentialStore : ICredentialStore
{
    private readonly FrozenDictionary<string, StoredCredential> _byAccessKeyId;

    public InMemoryCredentialStore(IEnumerable<StoredCredential> credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var map = new Dictionary<string, StoredCredential>(StringComparer.Ordinal);
        foreach (var credential in credentials)
        {
            if (!map.TryAdd(credential.AccessKeyId, credential))
                throw new ArgumentException($"Access key id '{credential.AccessKeyId}' is configured twice.", nameof(credentials));
        }
        // Access key ids are case-sensitive on AWS, so lookups are ordinal.
        _byAccessKeyId = map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public static InMemoryCredentialStore Empty { get; } = new([]);

    public bool TryGet(string accessKeyId, [MaybeNullWhen(false)] out StoredCredential credential) =>
        _byAccessKeyId.TryGetValue(accessKeyId, out credential);
}
