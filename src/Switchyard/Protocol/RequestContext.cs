namespace Switchyard.Protocol;

/// <summary>
/// Who is calling and where: taken from the request's SigV4 credential scope. The domain's view of it (the caller's
/// account and region as a scope, its principal ARN) is the API layer's <c>RequestScope</c>: the protocol knows no
/// domain types.
/// </summary>
public sealed record RequestContext(string RequestId, string AccountId, string Region, string AccessKeyId, DateTimeOffset ReceivedAt);
