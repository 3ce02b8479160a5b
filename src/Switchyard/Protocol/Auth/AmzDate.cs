using System.Globalization;

namespace Switchyard.Protocol.Auth;

/// <summary>The ISO-8601 "basic format" timestamp SigV4 signs (<c>20150830T123600Z</c>).</summary>
internal static class AmzDate
{
    public const string Pattern = "yyyyMMdd'T'HHmmss'Z'";

    public static bool TryParse(string value, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(value, Pattern, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    /// <summary>
    /// A request may carry an RFC 1123 <c>Date</c> header instead of <c>X-Amz-Date</c>; the signed
    /// timestamp is then that time in basic format.
    /// </summary>
    public static bool TryParseHttpDate(string value, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(value.Trim(), "r", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString(Pattern, CultureInfo.InvariantCulture);
}
