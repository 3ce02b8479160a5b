namespace Switchyard.Protocol.Auth;

/// <summary>Which account an access key acts for when signatures are not verified (open mode).</summary>
internal static class AccountMapping
{
    /// <summary>
    /// A configured key maps to its configured account; otherwise a 12-digit access key id is itself the account
    /// id (the LocalStack convention, so tests can pick accounts by key alone); anything else is the default account.
    /// </summary>
    public static string ForOpenMode(string accessKeyId, ICredentialStore store, string defaultAccountId)
    {
        if (store.TryGet(accessKeyId, out var stored))
            return stored.AccountId;
        return IsAccountId(accessKeyId) ? accessKeyId : defaultAccountId;
    }

    public static bool IsAccountId(string value)
    {
        if (value.Length != 12)
            return false;
        foreach (var c in value)
        {
            if (c is < '0' or > '9')
                return false;
        }
        return true;
    }
}
