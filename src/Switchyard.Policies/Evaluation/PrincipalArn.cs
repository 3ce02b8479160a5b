namespace Switchyard.Policies.Evaluation;

/// <summary>The pieces of an IAM or STS principal ARN (<c>arn:partition:iam::account:resource</c>).</summary>
internal readonly record struct PrincipalArn(string Partition, string Service, string Account, string Resource)
{
    public static bool IsAccountId(string value) => value.Length == 12 && value.All(char.IsAsciiDigit);

    /// <summary>Reads an ARN of an IAM or STS principal: global service (empty region), 12-digit account, non-empty resource.</summary>
    public static bool TryParse(string value, out PrincipalArn arn)
    {
        arn = default;
        var parts = value.Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn" || parts[1].Length == 0) return false;
        if (parts[2] is not ("iam" or "sts") || parts[3].Length != 0) return false;
        if (!IsAccountId(parts[4]) || parts[5].Length == 0) return false;
        arn = new PrincipalArn(parts[1], parts[2], parts[4], parts[5]);
        return true;
    }
}
