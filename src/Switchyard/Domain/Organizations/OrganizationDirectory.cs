using System.Text.Json;
using System.Text.RegularExpressions;
using Switchyard.Settings;

namespace Switchyard.Domain.Organizations;

/// <summary>
/// Which organization each account belongs to, for <c>aws:PrincipalOrgID</c>. Declared in the config file:
/// <code>"organizations": [{"id": "o-1234567890", "managementAccount": "111111111111", "accounts": ["222222222222"]}]</code>
/// (the management account is a member too). <see cref="Reload"/> swaps in a new set atomically, so a changed
/// file applies without a restart.
/// </summary>
public sealed partial class OrganizationDirectory
{
    private volatile IReadOnlyDictionary<string, Organization> _byAccount = new Dictionary<string, Organization>();
    private volatile IReadOnlyList<Organization> _organizations = [];

    public OrganizationDirectory(ModuleSettings settings)
    {
        if (settings.TryGet("organizations", out var section)) Apply(Parse(section));
    }

    public IReadOnlyList<Organization> Organizations => _organizations;

    public string? OrganizationOf(string accountId) => _byAccount.TryGetValue(accountId, out var org) ? org.Id : null;

    /// <summary>Re-reads the organizations section of a config file; throws (and changes nothing) when it is invalid.</summary>
    public void Reload(string configFile)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(configFile),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var section = document.RootElement.EnumerateObject()
            .FirstOrDefault(p => SettingNames.Canonical(p.Name) == "organizations").Value;
        Apply(section.ValueKind == JsonValueKind.Undefined ? [] : Parse(section));
    }

    public static IReadOnlyList<Organization> Parse(JsonElement section)
    {
        if (section.ValueKind != JsonValueKind.Array) throw new OptionsException("organizations must be a list");
        var result = new List<Organization>();
        var seen = new HashSet<string>();
        foreach (var item in section.EnumerateArray())
        {
            string? Get(string name) => item.EnumerateObject()
                .Where(p => SettingNames.Canonical(p.Name) == name && p.Value.ValueKind == JsonValueKind.String)
                .Select(p => p.Value.GetString()).FirstOrDefault();
            var id = Get("id") ?? throw new OptionsException("an organization needs an id");
            if (!OrganizationId().IsMatch(id)) throw new OptionsException($"not an organization id: {id}");
            var management = Get("managementaccount") ?? throw new OptionsException($"organization {id} needs managementAccount");
            var accounts = new HashSet<string> { management };
            foreach (var p in item.EnumerateObject().Where(p => SettingNames.Canonical(p.Name) == "accounts"))
                foreach (var account in p.Value.EnumerateArray()) accounts.Add(account.GetString()!);
            foreach (var account in accounts)
            {
                if (account.Length != 12 || !account.All(char.IsAsciiDigit)) throw new OptionsException($"not an account id: {account}");
                // An account belongs to one organization at most, as in AWS Organizations.
                if (!seen.Add(account)) throw new OptionsException($"account {account} is in two organizations");
            }
            result.Add(new Organization(id, management, accounts));
        }
        return result;
    }

    private void Apply(IReadOnlyList<Organization> organizations)
    {
        var byAccount = new Dictionary<string, Organization>();
        foreach (var org in organizations)
            foreach (var account in org.Accounts) byAccount[account] = org;
        _byAccount = byAccount;
        _organizations = organizations;
    }

    [GeneratedRegex("^o-[a-z0-9]{10,32}$")]
    private static partial Regex OrganizationId();
}
