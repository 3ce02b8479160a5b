namespace Switchyard.Domain;

/// <summary>Builds and reads the ARNs EventBridge uses (partition <c>aws</c>).</summary>
public static class Arns
{
    public const string Partition = "aws";

    public static string EventBus(AccountRegion scope, string name) =>
        $"arn:{Partition}:events:{scope.Region}:{scope.AccountId}:event-bus/{name}";

    /// <summary>AWS leaves the bus out of the rule ARN on the default bus: <c>rule/NAME</c>, else <c>rule/BUS/NAME</c>.</summary>
    public static string Rule(AccountRegion scope, string busName, string ruleName) =>
        busName == EventBuses.DefaultBusName
            ? $"arn:{Partition}:events:{scope.Region}:{scope.AccountId}:rule/{ruleName}"
            : $"arn:{Partition}:events:{scope.Region}:{scope.AccountId}:rule/{busName}/{ruleName}";

    public static string AccountRoot(string accountId) => $"arn:{Partition}:iam::{accountId}:root";

    /// <summary>An AWS account id: exactly 12 ASCII digits.</summary>
    public static bool IsAccountId(string value) => value.Length == 12 && value.All(char.IsAsciiDigit);

    /// <summary>Splits <c>arn:partition:service:region:account:resource</c>; false when it is not an ARN.</summary>
    public static bool TryParse(string value, out ParsedArn arn)
    {
        arn = default;
        if (!value.StartsWith("arn:", StringComparison.Ordinal)) return false;
        var parts = value.Split(':', 6);
        if (parts.Length != 6) return false;
        arn = new ParsedArn(parts[1], parts[2], parts[3], parts[4], parts[5]);
        return true;
    }
}

public readonly record struct ParsedArn(string Partition, string Service, string Region, string AccountId, string Resource)
{
    public AccountRegion Scope => new(AccountId, Region);
}
