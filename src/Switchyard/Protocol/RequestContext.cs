using Switchyard.Domain;

namespace Switchyard.Protocol;

/// <summary>Who is calling and where: taken from the request's SigV4 credential scope.</summary>
public sealed record RequestContext(string RequestId, string AccountId, string Region, string AccessKeyId, DateTimeOffset ReceivedAt)
{
    public AccountRegion Scope => new(AccountId, Region);
    public string PrincipalArn => Arns.AccountRoot(AccountId);
}
