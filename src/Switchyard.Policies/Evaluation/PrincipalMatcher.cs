namespace Switchyard.Policies.Evaluation;

/// <summary>
/// Decides whether a Principal/NotPrincipal element names the caller, following IAM's resource-policy rules.
/// </summary>
internal static class PrincipalMatcher
{
    public static bool Matches(PolicyPrincipal principal, RequestContext request)
    {
        if (principal.IsWildcard) return true;
        foreach (var (type, values) in principal.ByType)
        {
            foreach (var value in values.Values)
            {
                if (type == "AWS" && MatchesAwsPrincipal(value, request)) return true;
                if (type == "Service" && request.Request.PrincipalService is { } service
                    && string.Equals(value, service, StringComparison.OrdinalIgnoreCase))
                    return true;
                // Federated and CanonicalUser principals are accepted in documents, but no request here
                // carries such an identity, so they never match.
            }
        }
        return false;
    }

    private static bool MatchesAwsPrincipal(string value, RequestContext request)
    {
        // {"AWS": "*"} is documented as equivalent to "Principal": "*".
        if (value == "*") return true;
        if (request.Request.PrincipalService is not null) return false;

        var account = request.Request.PrincipalAccount;
        if (PrincipalArn.IsAccountId(value)) return value == account;

        if (!PrincipalArn.TryParse(value, out var policyArn)) return false;
        // arn:aws:iam::ID:root delegates to the whole account: any principal of that account matches.
        if (policyArn.Service == "iam" && policyArn.Resource == "root") return policyArn.Account == account;
        if (string.Equals(value, request.PrincipalArn, StringComparison.Ordinal)) return true;

        // A role ARN also names every session of that role (arn:aws:sts::ID:assumed-role/NAME/SESSION). Session
        // ARNs drop the role's path, so compare the role name, which is the last segment of the path.
        if (policyArn.Service == "iam" && policyArn.Resource.StartsWith("role/", StringComparison.Ordinal)
            && PrincipalArn.TryParse(request.PrincipalArn, out var callerArn)
            && callerArn.Service == "sts" && callerArn.Account == policyArn.Account
            && callerArn.Resource.StartsWith("assumed-role/", StringComparison.Ordinal))
        {
            var roleName = policyArn.Resource[(policyArn.Resource.LastIndexOf('/') + 1)..];
            var sessionRole = callerArn.Resource["assumed-role/".Length..].Split('/')[0];
            return roleName == sessionRole;
        }
        return false;
    }
}
