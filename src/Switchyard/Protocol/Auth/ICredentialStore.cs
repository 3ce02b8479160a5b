using System.Diagnostics.CodeAnalysis;

namespace Switchyard.Protocol.Auth;

/// <summary>Looks up the secret and account behind an access key id (strict mode's configured keys).</summary>
public interface ICredentialStore
{
    bool TryGet(string accessKeyId, [MaybeNullWhen(false)] out StoredCredential credential);
}
