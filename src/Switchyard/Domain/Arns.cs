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

    private const string EventBusResourcePrefix = "event-bus/";

    /// <summary>Whether the ARN names an event bus: service <c>events</c>, resource <c>event-bus/NAME</c>.</summary>
    public static bool IsEventBus(ParsedArn arn) =>
        arn.Service == "events" && arn.Resource.StartsWith(EventBusResourcePrefix, StringComparison.Ordinal);

    /// <summary>
    /// The bus an already split ARN names; false when it names anything else. The one reader of bus ARNs: the API
    /// (EventBusName given as an ARN, bus targets, tags), delivery and explain all ask it.
    /// </summary>
    public static bool TryGetEventBus(ParsedArn arn, out EventBusArn bus)
    {
        bus = IsEventBus(arn) ? new EventBusArn(arn.Scope, arn.Resource[EventBusResourcePrefix.Length..]) : default;
        return IsEventBus(arn);
    }

    /// <summary>Reads <c>arn:aws:events:REGION:ACCOUNT:event-bus/NAME</c>; false for any other text or ARN.</summary>
    public static bool TryParseEventBus(string value, out EventBusArn bus)
    {
        bus = default;
        return TryParse(value, out var arn) && TryGetEventBus(arn, out bus);
    }
}

public readonly record struct ParsedArn(string Partition, string Service, string Region, string AccountId, string Resource)
{
    public AccountRegion Scope => new(AccountId, Region);
}

/// <summary>An event bus named by its ARN: where it lives and its name.</summary>
public readonly record struct EventBusArn(AccountRegion Scope, string Name);
