namespace Switchyard.Protocol.Auth;

/// <summary>The <c>Credential=</c> part of a SigV4 signature: access key and credential scope.</summary>
/// <param name="Date">Scope date, <c>yyyyMMdd</c>.</param>
public sealed record SigV4Credential(string AccessKeyId, string Date, string Region, string Service);
