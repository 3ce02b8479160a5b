namespace Switchyard.Policies.Evaluation;

/// <summary>
/// The request as the evaluator sees it: who is calling and the condition keys, looked up case-insensitively,
/// with the principal keys AWS always supplies filled in from the identity when the caller did not give them.
/// </summary>
internal sealed class RequestContext
{
    private readonly Dictionary<string, IReadOnlyList<string>> _keys;

    public RequestContext(PolicyRequest request)
    {
        Request = request;
        Partition = PartitionOf(request.Resource);
        PrincipalArn = request.PrincipalArn ?? $"arn:{Partition}:iam::{request.PrincipalAccount}:root";

        _keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, values) in request.Context)
            _keys[key] = values;

        if (request.PrincipalService is null)
        {
            _keys.TryAdd("aws:PrincipalAccount", [request.PrincipalAccount]);
            _keys.TryAdd("aws:PrincipalArn", [PrincipalArn]);
            _keys.TryAdd("aws:PrincipalIsAWSService", ["false"]);
        }
        else
        {
            _keys.TryAdd("aws:PrincipalServiceName", [request.PrincipalService]);
            _keys.TryAdd("aws:PrincipalIsAWSService", ["true"]);
        }
    }

    public PolicyRequest Request { get; }

    /// <summary>The partition of the resource ARN ("aws" when it is not an ARN); used for the default root ARN.</summary>
    public string Partition { get; }

    /// <summary>The caller's ARN, the account root ARN when the request named none.</summary>
    public string PrincipalArn { get; }

    /// <summary>The values of a key, or null when the request does not carry it (an empty list counts as absent).</summary>
    public IReadOnlyList<string>? GetValues(string key) =>
        _keys.TryGetValue(key, out var values) && values.Count > 0 ? values : null;

    /// <summary>The value of a single-valued key; null when absent or multivalued.</summary>
    public string? GetSingleValue(string key) => GetValues(key) is [var only] ? only : null;

    private static string PartitionOf(string arn)
    {
        if (!arn.StartsWith("arn:", StringComparison.Ordinal)) return "aws";
        var end = arn.IndexOf(':', 4);
        return end > 4 ? arn[4..end] : "aws";
    }
}
