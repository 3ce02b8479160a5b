using System.Text.RegularExpressions;

namespace Switchyard.Domain.Targets;

/// <summary>
/// A CloudWatch Logs log-group ARN, <c>arn:aws:logs:REGION:ACCOUNT:log-group:NAME</c> (optionally ending in
/// <c>:*</c>), checked by AWS's naming rules: a 12-digit account, a region name, and a log-group name of 1-512
/// characters from <c>[.-_/#A-Za-z0-9]</c> (CloudWatch Logs API reference, CreateLogGroup, logGroupName). Every part
/// of a valid one is safe to use in a file path; nothing else is.
/// </summary>
public readonly partial record struct LogGroupArn(string Region, string AccountId, string Name)
{
    public const int MaxNameLength = 512;

    public AccountRegion Scope => new(AccountId, Region);

    /// <summary>The ARN for policy evaluation: the group with its streams (<c>…:log-group:NAME:*</c>), as AWS's own examples write it.</summary>
    public string ResourceArn => $"arn:{Arns.Partition}:logs:{Region}:{AccountId}:log-group:{Name}:*";

    public static bool IsLogGroup(ParsedArn arn) => arn.Service == "logs" && arn.Resource.StartsWith("log-group:", StringComparison.Ordinal);

    /// <summary>False, with the reason, when any part breaks AWS's rules.</summary>
    public static bool TryParse(ParsedArn arn, out LogGroupArn logGroup, out string reason)
    {
        logGroup = default;
        if (!IsLogGroup(arn))
        {
            reason = "not a log-group ARN";
            return false;
        }
        if (!Arns.IsAccountId(arn.AccountId))
        {
            reason = "the account must be 12 digits";
            return false;
        }
        if (!RegionName().IsMatch(arn.Region))
        {
            reason = "the region is not a region name";
            return false;
        }
        var name = arn.Resource["log-group:".Length..];
        if (name.EndsWith(":*", StringComparison.Ordinal)) name = name[..^2];
        if (name.Length is 0 or > MaxNameLength || !NameCharacters().IsMatch(name))
        {
            reason = $"a log-group name is 1 to {MaxNameLength} characters of letters, digits and . - _ / #";
            return false;
        }
        logGroup = new LogGroupArn(arn.Region, arn.AccountId, name);
        reason = "";
        return true;
    }

    /// <summary>Region names as AWS forms them: <c>us-east-1</c>, <c>us-gov-west-1</c>, <c>ap-southeast-2</c>, <c>eu-isoe-west-1</c>.</summary>
    [GeneratedRegex(@"^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}\z")]
    public static partial Regex RegionName();

    [GeneratedRegex(@"^[.\-_/#A-Za-z0-9]+\z")]
    private static partial Regex NameCharacters();
}
