using System.Globalization;
using Switchyard.Patterns.Model;

namespace Switchyard.Patterns.Text;

/// <summary>
/// Parses IPv4 and IPv6 text from UTF-8 without allocating. Hand-written rather than IPAddress.TryParse because the
/// matcher parses event values on the hot path, and because AWS reads "010.000.000.001" as decimal 10.0.0.1 while
/// IPAddress reads leading zeros as octal.
/// </summary>
internal static class IpAddressText
{
    public static bool TryParse(ReadOnlySpan<byte> text, out bool isV6, out UInt128 address)
    {
        isV6 = false;
        address = 0;
        if (text.IndexOf((byte)':') >= 0)
        {
            isV6 = true;
            return TryParseV6(text, out address);
        }

        if (!TryParseV4(text, out var v4)) return false;
        address = v4;
        return true;
    }

    public static bool TryParseV4(ReadOnlySpan<byte> text, out uint address)
    {
        address = 0;
        var parts = 0;
        var i = 0;
        while (true)
        {
            var digits = 0;
            uint part = 0;
            while (i < text.Length && (uint)(text[i] - '0') <= 9 && digits < 4)
            {
                part = part * 10 + (uint)(text[i] - '0');
                digits++;
                i++;
            }

            if (digits == 0 || digits > 3 || part > 255) return false;
            address = (address << 8) | part;
            parts++;
            if (parts == 4) return i == text.Length;
            if (i >= text.Length || text[i] != '.') return false;
            i++;
        }
    }

    public static bool TryParseV6(ReadOnlySpan<byte> text, out UInt128 address)
    {
        address = 0;
        Span<ushort> groups = stackalloc ushort[8];
        var count = 0;
        var gapAt = -1;
        var i = 0;
        if (text.Length < 2) return false;
        if (text[0] == ':')
        {
            if (text[1] != ':') return false;
            gapAt = 0;
            i = 2;
            if (i == text.Length) return true; // "::"
        }

        while (i < text.Length)
        {
            if (count == 8) return false;
            // An embedded IPv4 tail ("::ffff:1.2.3.4") fills the last two groups.
            var rest = text[i..];
            var nextColon = rest.IndexOf((byte)':');
            if (nextColon < 0 && rest.IndexOf((byte)'.') >= 0)
            {
                if (count > 6 || !TryParseV4(rest, out var v4)) return false;
                groups[count++] = (ushort)(v4 >> 16);
                groups[count++] = (ushort)v4;
                i = text.Length;
                break;
            }

            var digits = 0;
            var group = 0;
            while (i < text.Length && digits < 5 && IsHex(text[i]))
            {
                group = (group << 4) | HexValue(text[i]);
                digits++;
                i++;
            }

            if (digits == 0 || digits > 4) return false;
            groups[count++] = (ushort)group;
            if (i == text.Length) break;
            if (text[i] != ':') return false;
            i++;
            if (i < text.Length && text[i] == ':')
            {
                if (gapAt >= 0) return false;
                gapAt = count;
                i++;
                if (i == text.Length) break;
            }
            else if (i == text.Length)
            {
                return false; // trailing single colon
            }
        }

        if (gapAt < 0 && count != 8) return false;
        if (gapAt >= 0 && count == 8) return false;
        UInt128 value = 0;
        var missing = 8 - count;
        for (var g = 0; g < count; g++)
        {
            if (g == gapAt) value <<= 16 * missing;
            value = (value << 16) | groups[g];
        }

        if (gapAt == count) value <<= 16 * missing;
        address = value;
        return true;
    }

    /// <summary>Parses "address/bits" into the block's range; host bits of the address are masked away.</summary>
    /// <remarks>AWS reports these reasons without a position (LocalStack's AWS-validated content_ip_address_*_EXC), so
    /// <paramref name="location"/> only goes into the one reason AWS has not been recorded for.</remarks>
    public static IpRange ParseCidr(string cidr, string location)
    {
        var slash = cidr.IndexOf('/');
        if (slash < 0 || slash != cidr.LastIndexOf('/'))
            throw new InvalidEventPatternException("Malformed CIDR, one '/' required");
        if (!int.TryParse(cidr.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var bits))
            throw new InvalidEventPatternException("Malformed CIDR, mask bits must be an integer");
        var addressText = System.Text.Encoding.UTF8.GetBytes(cidr[..slash]);
        if (!TryParse(addressText, out var isV6, out var address))
            throw new InvalidEventPatternException("Nonstandard IP address: " + cidr[..slash]);
        var width = isV6 ? 128 : 32;
        if (bits < 0 || bits > width)
            throw new InvalidEventPatternException($"Malformed CIDR, mask bits must be between 0 and {width}", location);

        var hostBits = width - bits;
        var hostMask = hostBits == 128 ? UInt128.MaxValue : (((UInt128)1 << hostBits) - 1);
        var first = address & ~hostMask;
        if (!isV6) first &= uint.MaxValue;
        return new IpRange(isV6, first, first | hostMask);
    }

    private static bool IsHex(byte b) => (uint)(b - '0') <= 9 || (uint)((b | 0x20) - 'a') <= 5;

    private static int HexValue(byte b) => (uint)(b - '0') <= 9 ? b - '0' : (b | 0x20) - 'a' + 10;
}
