namespace Switchyard.Domain.ApiDestinations;

/// <summary><c>arn:aws:events:REGION:ACCOUNT:api-destination/NAME/UUID</c>, as AWS forms it.</summary>
public static class ApiDestinationArns
{
    public const string ResourcePrefix = "api-destination/";

    public static string ApiDestination(AccountRegion scope, string name, string id) =>
        $"arn:{Arns.Partition}:events:{scope.Region}:{scope.AccountId}:{ResourcePrefix}{name}/{id}";

    /// <summary>Whether a target ARN names an API destination.</summary>
    public static bool IsApiDestination(ParsedArn arn) =>
        arn.Service == "events" && arn.Resource.StartsWith(ResourcePrefix, StringComparison.Ordinal);

    /// <summary>Reads NAME and UUID out of <c>api-destination/NAME/UUID</c>.</summary>
    public static bool TryParse(ParsedArn arn, out string name, out string id)
    {
        name = id = "";
        if (!IsApiDestination(arn)) return false;
        var parts = arn.Resource.Split('/');
        if (parts.Length != 3) return false;
        name = parts[1];
        id = parts[2];
        return true;
    }
}
