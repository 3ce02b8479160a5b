using System.Security.Cryptography;
using System.Text;
using Switchyard.Domain.Targets;

namespace Switchyard.Delivery.Invokers;

/// <summary>
/// Where a log group's lines are written: <c>ROOT/ACCOUNT/REGION/FILE</c>. Only a <see cref="LogGroupArn"/> that
/// passed AWS's naming rules gets a path (12-digit account, region name, name of <c>[.-_/#A-Za-z0-9]</c>), and the
/// resolved full path must still lie in <c>ROOT/ACCOUNT/REGION</c>, whatever the input.
/// FILE is the name with each <c>/</c> written <c>%2F</c> (its URL encoding; <c>%</c> cannot occur in a log-group
/// name, so no two names share a file) plus <c>.jsonl</c>: <c>/aws/events/app</c> is <c>%2Faws%2Fevents%2Fapp.jsonl</c>.
/// A name whose file name would pass 255 characters (the usual file-system limit) keeps its first 180 characters and
/// gets <c>~</c> and 32 hex digits of the SHA-256 of the whole name.
/// </summary>
public static class LogGroupFiles
{
    public const int MaxFileNameLength = 255;
    private const int KeptPrefixLength = 180;
    private const string Extension = ".jsonl";

    public static bool TryResolve(string root, LogGroupArn logGroup, out string path)
    {
        var fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var directory = Path.Combine(fullRoot, logGroup.AccountId, logGroup.Region);
        path = Path.GetFullPath(Path.Combine(directory, FileName(logGroup.Name)));
        // Belt and braces: the parts were validated, but the confinement must not depend on that.
        return path.StartsWith(fullRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            && string.Equals(Path.GetDirectoryName(path), directory, StringComparison.Ordinal);
    }

    public static string FileName(string logGroupName)
    {
        var encoded = logGroupName.Replace("/", "%2F", StringComparison.Ordinal);
        if (encoded.Length + Extension.Length <= MaxFileNameLength) return encoded + Extension;
        var kept = encoded[..KeptPrefixLength];
        // Never leave half an escape at the cut.
        if (kept.EndsWith('%')) kept = kept[..^1];
        else if (kept.EndsWith("%2", StringComparison.Ordinal)) kept = kept[..^2];
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(logGroupName)))[..32];
        return $"{kept}~{hash}{Extension}";
    }
}
