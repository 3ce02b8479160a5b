using System.Text.Json;
using Switchyard.Domain;
using Switchyard.Domain.Targets;
using Switchyard.Settings;

namespace Switchyard.Delivery.Invokers;

/// <summary>
/// What log-group owners grant other accounts, from the <c>"logs"</c> config section:
/// <code>
/// "logs": {
///   "resourcePolicies": { "111111111111": [ {policy document}, ... ] },
///   "allowAccounts": { "arn:aws:logs:us-east-1:111111111111:log-group:/shared": ["222222222222"] }
/// }
/// </code>
/// <c>resourcePolicies</c> are an account's CloudWatch Logs resource policies (PutResourcePolicy): each applies to the
/// log groups its <c>Resource</c> names; <c>allowAccounts</c> admits the listed accounts' rules to one log group.
/// </summary>
public sealed class LogGroupGrants
{
    private readonly Dictionary<string, List<string>> _policiesByAccount = new(StringComparer.Ordinal);
    private readonly Dictionary<LogGroupArn, List<string>> _allowAccounts = [];

    public LogGroupGrants(ModuleSettings modules)
    {
        if (!modules.TryGet("logs", out var section)) return;
        if (section.ValueKind != JsonValueKind.Object) throw new OptionsException("logs must be an object");
        foreach (var property in section.EnumerateObject())
        {
            switch (SettingNames.Canonical(property.Name))
            {
                case "resourcepolicies":
                    ReadPolicies(property.Value);
                    break;
                case "allowaccounts":
                    ReadAllowAccounts(property.Value);
                    break;
                default:
                    throw new OptionsException($"unknown setting: logs.{property.Name}");
            }
        }
    }

    public TargetGrant For(LogGroupArn logGroup) => new(
        _allowAccounts.TryGetValue(logGroup, out var accounts) ? accounts : [],
        _policiesByAccount.TryGetValue(logGroup.AccountId, out var policies) ? policies : []);

    private void ReadPolicies(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object) throw new OptionsException("logs.resourcePolicies must map account ids to policy documents");
        foreach (var account in value.EnumerateObject())
        {
            var where = $"logs.resourcePolicies[\"{account.Name}\"]";
            if (!Arns.IsAccountId(account.Name)) throw new OptionsException($"{where}: not an account id");
            var list = _policiesByAccount.TryGetValue(account.Name, out var existing) ? existing : _policiesByAccount[account.Name] = [];
            if (account.Value.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var policy in account.Value.EnumerateArray()) list.Add(TargetGrant.ReadPolicy(policy, $"{where}[{i++}]"));
            }
            else
            {
                list.Add(TargetGrant.ReadPolicy(account.Value, where));
            }
        }
    }

    private void ReadAllowAccounts(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object) throw new OptionsException("logs.allowAccounts must map log-group ARNs to account lists");
        foreach (var group in value.EnumerateObject())
        {
            var where = $"logs.allowAccounts[\"{group.Name}\"]";
            if (!Arns.TryParse(group.Name, out var arn)) throw new OptionsException($"{where}: not an ARN");
            if (!LogGroupArn.TryParse(arn, out var logGroup, out var reason)) throw new OptionsException($"{where}: {reason}");
            _allowAccounts[logGroup] = [.. TargetGrant.ReadAccounts(group.Value, where)];
        }
    }
}
