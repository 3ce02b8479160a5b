namespace Switchyard.Policies.Tests;

/// <summary>Shared fixtures: a bus ARN, request builders and one-statement policies around a condition.</summary>
internal static class TestPolicies
{
    public const string BusOwner = "123456789012";
    public const string BusArn = "arn:aws:events:us-east-1:123456789012:event-bus/default";
    public const string Sender = "111122223333";
    public const string Stranger = "444455556666";

    public static PolicyRequest Request(
        string account = Sender,
        string action = "events:PutEvents",
        string resource = BusArn,
        string? principalArn = null,
        string? service = null,
        params (string Key, string[] Values)[] context) => new()
    {
        PrincipalAccount = account,
        PrincipalArn = principalArn,
        PrincipalService = service,
        Action = action,
        Resource = resource,
        Context = context.ToDictionary(c => c.Key, c => (IReadOnlyList<string>)c.Values, StringComparer.OrdinalIgnoreCase),
    };

    public static PolicyRequest WithContext(params (string Key, string[] Values)[] context) => Request(context: context);

    /// <summary>Allow "*" to PutEvents on the bus when the given Condition block (JSON object) holds.</summary>
    public static PolicyDocument AllowWhen(string conditionJson, string version = "2012-10-17") => PolicyDocument.Parse($$$"""
        {"Version":"{{{version}}}","Statement":[{"Effect":"Allow","Principal":"*","Action":"events:PutEvents",
         "Resource":"{{{BusArn}}}","Condition":{{{conditionJson}}}}]}
        """);

    /// <summary>A one-statement Allow policy with the given principal, action and resource JSON values.</summary>
    public static PolicyDocument Allow(string principalJson = "\"*\"", string actionJson = "\"events:PutEvents\"",
        string resourceJson = $"\"{BusArn}\"", string principalField = "Principal", string actionField = "Action",
        string resourceField = "Resource") => PolicyDocument.Parse($$$"""
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","{{{principalField}}}":{{{principalJson}}},
         "{{{actionField}}}":{{{actionJson}}},"{{{resourceField}}}":{{{resourceJson}}}}]}
        """);

    public static PolicyDecision Decide(PolicyDocument policy, PolicyRequest request) =>
        PolicyEvaluator.Evaluate(policy, request).Decision;

    /// <summary>Whether the single condition of <see cref="AllowWhen"/> holds for a request with the given context.</summary>
    public static bool Holds(string conditionJson, params (string Key, string[] Values)[] context) =>
        Decide(AllowWhen(conditionJson), WithContext(context)) == PolicyDecision.Allow;

    /// <summary>The Condition block {"op": {"key": valuesJson}}.</summary>
    public static string Cond(string op, string valuesJson, string key = "k") =>
        "{\"" + op + "\":{\"" + key + "\":" + valuesJson + "}}";

    /// <summary>"a|b" is two values, "" one empty value, null an absent key.</summary>
    public static (string, string[])[] Key(string key, string? values) =>
        values is null ? [] : [(key, values.Split('|'))];
}
