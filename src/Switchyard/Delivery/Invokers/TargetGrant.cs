using System.Text.Json;
using Switchyard.Domain;
using Switchyard.Policies;
using Switchyard.Settings;

namespace Switchyard.Delivery.Invokers;

/// <summary>
/// What the owner of a target resource (a Lambda function, a log group) grants other accounts in the config file:
/// <c>allowAccounts</c> (accounts whose rules may deliver to it) and/or <c>policy</c>, a resource-policy document
/// evaluated as AWS evaluates the function's or log group's resource policy.
/// </summary>
public sealed record TargetGrant(IReadOnlyList<string> AllowAccounts, IReadOnlyList<string> Policies)
{
    public static readonly TargetGrant None = new([], []);

    /// <summary>A list of 12-digit account ids, checked when the config is read.</summary>
    public static IReadOnlyList<string> ReadAccounts(JsonElement value, string where)
    {
        if (value.ValueKind != JsonValueKind.Array) throw new OptionsException($"{where} must be a list of account ids");
        var accounts = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || !Arns.IsAccountId(item.GetString()!))
                throw new OptionsException($"{where}: not an account id: {item.GetRawText()}");
            accounts.Add(item.GetString()!);
        }
        return accounts;
    }

    /// <summary>A policy document (an object, or a string holding one), validated when the config is read.</summary>
    public static string ReadPolicy(JsonElement value, string where)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.Object => value.GetRawText(),
            JsonValueKind.String => value.GetString()!,
            _ => throw new OptionsException($"{where} must be a policy document"),
        };
        try
        {
            PolicyDocument.Parse(text);
        }
        catch (MalformedPolicyException error)
        {
            throw new OptionsException($"{where} is not a valid policy: {error.Message}");
        }
        return text;
    }
}
