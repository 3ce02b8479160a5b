using System.Text.RegularExpressions;

namespace Switchyard.Protocol;

/// <summary>
/// The front door's log lines: one per request at Debug, one per refused authentication at Warning. The refusal
/// names the access key id (not a secret: AWS prints it in its own errors) and never the signature or a secret.
/// </summary>
internal static partial class RequestLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug,
        Message = "request {Operation} account {Account} region {Region} status {Status} {Milliseconds} ms (request {RequestId})")]
    public static partial void Request(ILogger logger, string operation, string account, string region, int status, double milliseconds, string requestId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "refused authentication: {ErrorCode} (status {Status}) for access key {AccessKeyId} from {RemoteAddress}: {Reason}")]
    public static partial void Refused(ILogger logger, string errorCode, int status, string accessKeyId, string remoteAddress, string reason);

    /// <summary>The access key id of a SigV4 <c>Authorization</c> header (<c>Credential=AKID/...</c>), or "-".</summary>
    public static string AccessKeyId(string? authorization)
    {
        var match = authorization is null ? null : CredentialPattern().Match(authorization);
        return match is { Success: true } ? match.Groups[1].Value : "-";
    }

    [GeneratedRegex(@"Credential=([A-Za-z0-9]{1,128})/")]
    private static partial Regex CredentialPattern();
}
