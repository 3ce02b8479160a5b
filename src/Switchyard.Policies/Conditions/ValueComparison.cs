using System.Globalization;
using System.Net;
using Switchyard.Policies.Evaluation;

namespace Switchyard.Policies.Conditions;

/// <summary>
/// The positive test of each operator family on one request value and one (resolved) policy value. A value that
/// cannot be read as the family's type (a non-number for Numeric..., a non-date for Date...) never matches.
/// </summary>
internal static class ValueComparison
{
    public static bool Matches(BaseOperator op, string requestValue, WildcardPattern policyValue) => op.Family switch
    {
        ValueFamily.String => op.Comparison switch
        {
            Comparison.Equals => string.Equals(requestValue, policyValue.Text, StringComparison.Ordinal),
            Comparison.EqualsIgnoreCase => string.Equals(requestValue, policyValue.Text, StringComparison.OrdinalIgnoreCase),
            _ => policyValue.Matches(requestValue, ignoreCase: false),
        },
        ValueFamily.Arn => ArnMatches(requestValue, policyValue),
        ValueFamily.Bool => string.Equals(requestValue, policyValue.Text, StringComparison.OrdinalIgnoreCase),
        ValueFamily.Binary => string.Equals(requestValue, policyValue.Text, StringComparison.Ordinal),
        ValueFamily.Numeric => TryNumber(requestValue, out var n) && TryNumber(policyValue.Text, out var m)
                               && Ordered(n.CompareTo(m), op.Comparison),
        ValueFamily.Date => TryDate(requestValue, out var d) && TryDate(policyValue.Text, out var e)
                            && Ordered(d.CompareTo(e), op.Comparison),
        ValueFamily.IpAddress => IPAddress.TryParse(requestValue, out var address)
                                 && TryNetwork(policyValue.Text, out var network) && network.Contains(address),
        _ => false,
    };

    // ArnEquals/ArnLike: each of the six colon-separated components is matched on its own, case-sensitively,
    // with wildcards allowed inside a component.
    private static bool ArnMatches(string requestValue, WildcardPattern policyValue)
    {
        var requestParts = requestValue.Split(':', 6);
        var policyParts = policyValue.SplitArnComponents();
        if (requestParts.Length != 6 || policyParts is null) return false;
        for (var i = 0; i < 6; i++)
            if (!policyParts[i].Matches(requestParts[i], ignoreCase: false)) return false;
        return true;
    }

    private static bool Ordered(int sign, Comparison comparison) => comparison switch
    {
        Comparison.Equals => sign == 0,
        Comparison.LessThan => sign < 0,
        Comparison.LessThanEquals => sign <= 0,
        Comparison.GreaterThan => sign > 0,
        Comparison.GreaterThanEquals => sign >= 0,
        _ => false,
    };

    private static bool TryNumber(string text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    // IAM dates are ISO 8601 (with or without time and zone; no zone means UTC) or epoch seconds.
    private static bool TryDate(string text, out DateTimeOffset value)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var epochSeconds)
            && epochSeconds is >= -62135596800 and <= 253402300799)
        {
            value = DateTimeOffset.FromUnixTimeSeconds(epochSeconds);
            return true;
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }

    // A bare address means that single host. Host bits below the prefix (10.0.0.1/8) are ignored rather than
    // refused, since the range is what the author meant; .NET's IPNetwork.TryParse would reject such text.
    private static bool TryNetwork(string text, out IPNetwork network)
    {
        network = default;
        var slash = text.IndexOf('/');
        if (!IPAddress.TryParse(slash < 0 ? text : text[..slash], out var address)) return false;
        var bits = address.GetAddressBytes();
        var prefix = bits.Length * 8;
        if (slash >= 0 && (!int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out prefix)
                           || prefix > bits.Length * 8))
            return false;
        for (var i = 0; i < bits.Length; i++)
        {
            var keep = Math.Clamp(prefix - i * 8, 0, 8);
            bits[i] &= (byte)(0xFF << (8 - keep));
        }
        network = new IPNetwork(new IPAddress(bits), prefix);
        return true;
    }
}
