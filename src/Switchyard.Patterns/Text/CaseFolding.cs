using System.Text;

namespace Switchyard.Patterns.Text;

/// <summary>
/// Case folding for the ignore-case operators: each code point becomes lower(upper(c)), the per-code-point folding that
/// AWS's engine uses (so "ÄB" equals "äb", but "ß" does not equal "ss"). Patterns are folded once at compile time and
/// event values once per match, after which comparison is plain byte comparison.
/// </summary>
internal static class CaseFolding
{
    public static byte[] Fold(string value)
    {
        var utf8 = Encoding.UTF8.GetBytes(value);
        var buffer = Array.Empty<byte>();
        var length = Fold(utf8, ref buffer);
        return buffer.AsSpan(0, length).ToArray();
    }

    /// <summary>Folds UTF-8 <paramref name="utf8"/> into <paramref name="buffer"/> (grown when too small); returns the length.</summary>
    public static int Fold(ReadOnlySpan<byte> utf8, ref byte[] buffer)
    {
        // A folded code point never needs more than twice the bytes of the original one.
        if (buffer.Length < utf8.Length * 2 + 4) buffer = new byte[Math.Max(64, utf8.Length * 2 + 4)];
        if (Ascii.IsValid(utf8))
        {
            Ascii.ToLower(utf8, buffer, out var written);
            return written;
        }

        var output = 0;
        var i = 0;
        while (i < utf8.Length)
        {
            var b = utf8[i];
            if (b < 0x80)
            {
                buffer[output++] = (uint)(b - 'A') <= 'Z' - 'A' ? (byte)(b | 0x20) : b;
                i++;
                continue;
            }

            if (Rune.DecodeFromUtf8(utf8[i..], out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                // Not valid UTF-8: keep the byte, so invalid input still compares byte for byte.
                buffer[output++] = b;
                i++;
                continue;
            }

            var folded = Rune.ToLowerInvariant(Rune.ToUpperInvariant(rune));
            output += folded.EncodeToUtf8(buffer.AsSpan(output));
            i += consumed;
        }

        return output;
    }
}
