namespace Switchyard.Domain.Connections;

/// <summary>The ARNs of a connection and of the secret that holds its credentials, formed as AWS forms them.</summary>
public static class ConnectionArns
{
    public static string Connection(AccountRegion scope, string name, string id) =>
        $"arn:{Arns.Partition}:events:{scope.Region}:{scope.AccountId}:connection/{name}/{id}";

    /// <summary><c>arn:aws:secretsmanager:REGION:ACCOUNT:secret:events!connection/NAME/UUID-xxxxxx</c>.</summary>
    public static string Secret(AccountRegion scope, string name, string secretId, string suffix) =>
        $"arn:{Arns.Partition}:secretsmanager:{scope.Region}:{scope.AccountId}:secret:events!connection/{name}/{secretId}-{suffix}";

    /// <summary>Reads <c>connection/NAME/UUID</c> out of a connection ARN.</summary>
    public static bool TryParse(string arn, out AccountRegion scope, out string name, out string id)
    {
        scope = default;
        name = id = "";
        if (!Arns.TryParse(arn, out var parsed) || parsed.Service != "events") return false;
        var parts = parsed.Resource.Split('/');
        if (parts.Length != 3 || parts[0] != "connection") return false;
        scope = parsed.Scope;
        name = parts[1];
        id = parts[2];
        return true;
    }

    /// <summary>Secrets Manager ends every secret ARN with a dash and six random characters.</summary>
    public static string NewSecretSuffix()
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        return string.Create(6, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = alphabet[Random.Shared.Next(alphabet.Length)];
        });
    }
}
