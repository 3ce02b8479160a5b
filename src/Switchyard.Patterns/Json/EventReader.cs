using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using Switchyard.Patterns.Compilation;
using Switchyard.Patterns.Matching;

namespace Switchyard.Patterns.Json;

/// <summary>
/// Reads an event's UTF-8 JSON once, following the trie of paths that patterns name, and hands every leaf on such a
/// path to the match (<see cref="MatchScratch.OnValue"/>) together with its array position. Subtrees that no pattern
/// names are skipped by a vectorised scan that only visits quotes and brackets instead of being parsed.
///
/// Hand-written rather than built on Utf8JsonReader or JsonDocument because (1) those tokenise every byte of the
/// event, and citylots-style events are mostly coordinate arrays no pattern looks at; (2) the matcher must not
/// allocate per event; (3) keys need the '.'-splitting walk of the path trie. Values that are read are fully
/// checked (string escapes, number grammar, literals); skipped subtrees are checked for structure only (balanced
/// brackets, terminated strings), as documented on <see cref="InvalidEventException"/>.
/// </summary>
internal static class EventReader
{
    private const int MaxDepth = PatternMatcher.MaxEventDepth;

    public static void Read(ReadOnlySpan<byte> json, PathNode root, MatchScratch scratch)
    {
        var pos = 0;
        SkipWhitespace(json, ref pos);
        if (pos >= json.Length || json[pos] != (byte)'{') Fail("the event must be a JSON object", pos);
        ReadObject(json, ref pos, root, scratch, 1);
        SkipWhitespace(json, ref pos);
        if (pos != json.Length) Fail("unexpected data after the end of the event", pos);
    }

    private static void ReadObject(ReadOnlySpan<byte> json, ref int pos, PathNode node, MatchScratch scratch, int depth)
    {
        pos++; // '{'
        SkipWhitespace(json, ref pos);
        if (pos < json.Length && json[pos] == (byte)'}') { pos++; return; }
        while (true)
        {
            if (pos >= json.Length || json[pos] != (byte)'"') Fail("expected a property name", pos);
            var key = ReadString(json, ref pos, out var escaped);
            if (escaped) key = Unescape(key, ref scratch.KeyBuffer, pos);
            SkipWhitespace(json, ref pos);
            if (pos >= json.Length || json[pos] != (byte)':') Fail("expected ':'", pos);
            pos++;
            SkipWhitespace(json, ref pos);

            var child = node.Find(key);
            if (child is null) SkipValue(json, ref pos);
            else ReadValue(json, ref pos, child, scratch, depth);

            SkipWhitespace(json, ref pos);
            if (pos >= json.Length) Fail("unterminated object", pos);
            var c = json[pos++];
            if (c == (byte)',') { SkipWhitespace(json, ref pos); continue; }
            if (c == (byte)'}') return;
            Fail("expected ',' or '}'", pos - 1);
        }
    }

    private static void ReadValue(ReadOnlySpan<byte> json, ref int pos, PathNode node, MatchScratch scratch, int depth)
    {
        if (pos >= json.Length) Fail("expected a value", pos);
        var pathId = node.PathId;
        switch (json[pos])
        {
            case (byte)'{':
                if (depth >= MaxDepth) Fail("the event is nested too deeply", pos);
                if (node.HasChildren) ReadObject(json, ref pos, node, scratch, depth + 1);
                else SkipContainer(json, ref pos);
                return;
            case (byte)'[':
                if (depth >= MaxDepth) Fail("the event is nested too deeply", pos);
                ReadArray(json, ref pos, node, scratch, depth + 1);
                return;
            case (byte)'"':
            {
                var raw = ReadString(json, ref pos, out var escaped);
                if (pathId >= 0) scratch.OnValue(pathId, EventValueKind.String, escaped ? Unescape(raw, ref scratch.StringBuffer, pos) : raw);
                return;
            }
            case (byte)'t':
                ExpectLiteral(json, ref pos, "true"u8);
                if (pathId >= 0) scratch.OnValue(pathId, EventValueKind.True, "true"u8);
                return;
            case (byte)'f':
                ExpectLiteral(json, ref pos, "false"u8);
                if (pathId >= 0) scratch.OnValue(pathId, EventValueKind.False, "false"u8);
                return;
            case (byte)'n':
                ExpectLiteral(json, ref pos, "null"u8);
                if (pathId >= 0) scratch.OnValue(pathId, EventValueKind.Null, "null"u8);
                return;
            default:
            {
                var start = pos;
                ScanNumber(json, ref pos);
                if (pathId >= 0) scratch.OnValue(pathId, EventValueKind.Number, json[start..pos]);
                return;
            }
        }
    }

    private static void ReadArray(ReadOnlySpan<byte> json, ref int pos, PathNode node, MatchScratch scratch, int depth)
    {
        pos++; // '['
        SkipWhitespace(json, ref pos);
        if (pos < json.Length && json[pos] == (byte)']') { pos++; return; }
        scratch.PushArray();
        var index = 0;
        while (true)
        {
            scratch.SetArrayIndex(index++);
            ReadValue(json, ref pos, node, scratch, depth);
            SkipWhitespace(json, ref pos);
            if (pos >= json.Length) Fail("unterminated array", pos);
            var c = json[pos++];
            if (c == (byte)',') { SkipWhitespace(json, ref pos); continue; }
            if (c == (byte)']') break;
            Fail("expected ',' or ']'", pos - 1);
        }

        scratch.PopArray();
    }

    private static void SkipValue(ReadOnlySpan<byte> json, ref int pos)
    {
        if (pos >= json.Length) Fail("expected a value", pos);
        switch (json[pos])
        {
            case (byte)'{':
            case (byte)'[':
                SkipContainer(json, ref pos);
                return;
            case (byte)'"':
                ReadString(json, ref pos, out _);
                return;
            case (byte)'t': ExpectLiteral(json, ref pos, "true"u8); return;
            case (byte)'f': ExpectLiteral(json, ref pos, "false"u8); return;
            case (byte)'n': ExpectLiteral(json, ref pos, "null"u8); return;
            default: ScanNumber(json, ref pos); return;
        }
    }

    /// <summary>
    /// Skips a whole object or array, checking only that brackets pair up and strings end. With AVX2 it looks at 32
    /// bytes at a time and visits only the quotes, backslashes and brackets among them (a bit mask of their
    /// positions), so the bytes of numbers, keys and values in between cost nothing; otherwise a byte loop does it.
    /// </summary>
    [SkipLocalsInit]
    private static void SkipContainer(ReadOnlySpan<byte> json, ref int pos)
    {
        Span<byte> closers = stackalloc byte[MaxDepth];
        var depth = 0;
        closers[depth++] = json[pos] == (byte)'{' ? (byte)'}' : (byte)']';
        var p = pos + 1;
        var inString = false;
        var escapedUntil = 0; // a byte right after a backslash is never structural

        if (Vector256.IsHardwareAccelerated)
        {
            ref var start = ref MemoryMarshal.GetReference(json);
            var quote = Vector256.Create((byte)'"');
            var bit20 = Vector256.Create((byte)0x20);
            var openBrace = Vector256.Create((byte)'{');   // '[' | 0x20
            var closeBrace = Vector256.Create((byte)'}');  // ']' | 0x20
            var bar = Vector256.Create((byte)'|');         // '\\' | 0x20 (also '|' itself, which is then ignored)
            while (p + Vector256<byte>.Count <= json.Length)
            {
                var v = Vector256.LoadUnsafe(ref start, (nuint)p);
                var folded = v | bit20;
                var hits = Vector256.Equals(v, quote) | Vector256.Equals(folded, openBrace) |
                           Vector256.Equals(folded, closeBrace) | Vector256.Equals(folded, bar);
                var mask = hits.ExtractMostSignificantBits();
                while (mask != 0)
                {
                    var q = p + BitOperations.TrailingZeroCount(mask);
                    mask &= mask - 1;
                    if (q < escapedUntil) continue;
                    if (Structural(json[q], q, ref inString, ref escapedUntil, closers, ref depth))
                    {
                        pos = q + 1;
                        return;
                    }
                }

                p += Vector256<byte>.Count;
            }
        }

        for (; p < json.Length; p++)
        {
            if (p < escapedUntil) continue;
            var c = json[p];
            if (c != (byte)'"' && c != (byte)'\\' && (c | 0x20) != (byte)'{' && (c | 0x20) != (byte)'}') continue;
            if (Structural(c, p, ref inString, ref escapedUntil, closers, ref depth))
            {
                pos = p + 1;
                return;
            }
        }

        Fail("unterminated object or array", json.Length);
    }

    /// <summary>Applies one quote, backslash or bracket to the skip state; true when the outermost bracket closed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Structural(byte c, int at, ref bool inString, ref int escapedUntil, Span<byte> closers, ref int depth)
    {
        if (inString)
        {
            if (c == (byte)'"') inString = false;
            else if (c == (byte)'\\') escapedUntil = at + 2;
            return false;
        }

        switch (c)
        {
            case (byte)'"':
                inString = true;
                return false;
            case (byte)'{':
            case (byte)'[':
                if (depth == MaxDepth) Fail("the event is nested too deeply", at);
                closers[depth++] = c == (byte)'{' ? (byte)'}' : (byte)']';
                return false;
            case (byte)'}':
            case (byte)']':
                if (closers[--depth] != c) Fail("mismatched bracket", at);
                return depth == 0;
            case (byte)'\\':
                Fail("unexpected backslash", at);
                return false;
            default:
                return false; // '|'
        }
    }

    /// <summary>Index of the first quote or backslash at or after <paramref name="p"/> (json.Length if none).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FindQuoteOrBackslash(ReadOnlySpan<byte> json, int p)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            ref var start = ref MemoryMarshal.GetReference(json);
            while (p + Vector256<byte>.Count <= json.Length)
            {
                var v = Vector256.LoadUnsafe(ref start, (nuint)p);
                var mask = (Vector256.Equals(v, Vector256.Create((byte)'"')) | Vector256.Equals(v, Vector256.Create((byte)'\\')))
                    .ExtractMostSignificantBits();
                if (mask != 0) return p + BitOperations.TrailingZeroCount(mask);
                p += Vector256<byte>.Count;
            }
        }

        for (; p < json.Length; p++)
        {
            var c = json[p];
            if (c == (byte)'"' || c == (byte)'\\') return p;
        }

        return json.Length;
    }

    /// <summary>Returns the raw contents of the string at <paramref name="pos"/> (at its opening quote) and moves past it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ReadOnlySpan<byte> ReadString(ReadOnlySpan<byte> json, ref int pos, out bool escaped)
    {
        var start = pos + 1;
        var p = start;
        escaped = false;
        while (true)
        {
            p = FindQuoteOrBackslash(json, p);
            if (p >= json.Length) Fail("unterminated string", start - 1);
            if (json[p] == (byte)'"')
            {
                pos = p + 1;
                return json[start..p];
            }

            escaped = true;
            p += 2; // the backslash and the escaped character; Unescape validates it
        }
    }

    /// <summary>Decodes JSON escapes into <paramref name="buffer"/>.</summary>
    private static ReadOnlySpan<byte> Unescape(ReadOnlySpan<byte> raw, ref byte[] buffer, int pos)
    {
        if (buffer.Length < raw.Length) buffer = new byte[Math.Max(raw.Length, buffer.Length * 2)];
        var output = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var b = raw[i];
            if (b != (byte)'\\') { buffer[output++] = b; continue; }
            if (++i >= raw.Length) Fail("invalid escape in string", pos);
            switch (raw[i])
            {
                case (byte)'"': buffer[output++] = (byte)'"'; break;
                case (byte)'\\': buffer[output++] = (byte)'\\'; break;
                case (byte)'/': buffer[output++] = (byte)'/'; break;
                case (byte)'b': buffer[output++] = 0x08; break;
                case (byte)'f': buffer[output++] = 0x0C; break;
                case (byte)'n': buffer[output++] = 0x0A; break;
                case (byte)'r': buffer[output++] = 0x0D; break;
                case (byte)'t': buffer[output++] = 0x09; break;
                case (byte)'u':
                {
                    var code = Hex4(raw, i + 1, pos);
                    i += 4;
                    if (char.IsHighSurrogate((char)code) && i + 6 < raw.Length && raw[i + 1] == (byte)'\\' && raw[i + 2] == (byte)'u')
                    {
                        var low = Hex4(raw, i + 3, pos);
                        if (char.IsLowSurrogate((char)low))
                        {
                            code = char.ConvertToUtf32((char)code, (char)low);
                            i += 6;
                        }
                    }

                    // Lone surrogates become U+FFFD, as System.Text.Json does.
                    var rune = Rune.IsValid(code) ? new Rune(code) : Rune.ReplacementChar;
                    output += rune.EncodeToUtf8(buffer.AsSpan(output));
                    break;
                }
                default:
                    Fail("invalid escape in string", pos);
                    break;
            }
        }

        return buffer.AsSpan(0, output);
    }

    private static int Hex4(ReadOnlySpan<byte> raw, int at, int pos)
    {
        if (at + 4 > raw.Length) Fail("invalid \\u escape in string", pos);
        var value = 0;
        for (var k = 0; k < 4; k++)
        {
            var h = raw[at + k];
            int digit;
            if ((uint)(h - '0') <= 9) digit = h - '0';
            else if ((uint)((h | 0x20) - 'a') <= 5) digit = (h | 0x20) - 'a' + 10;
            else { Fail("invalid \\u escape in string", pos); return 0; }
            value = (value << 4) | digit;
        }

        return value;
    }

    /// <summary>Moves past a number, checking JSON's number grammar.</summary>
    private static void ScanNumber(ReadOnlySpan<byte> json, ref int pos)
    {
        var start = pos;
        if (pos < json.Length && json[pos] == (byte)'-') pos++;
        if (pos >= json.Length) Fail("invalid value", start);
        if (json[pos] == (byte)'0') pos++;
        else if ((uint)(json[pos] - '1') <= 8) { while (pos < json.Length && IsDigit(json[pos])) pos++; }
        else Fail("invalid value", start);

        if (pos < json.Length && json[pos] == (byte)'.')
        {
            pos++;
            if (pos >= json.Length || !IsDigit(json[pos])) Fail("invalid number", start);
            while (pos < json.Length && IsDigit(json[pos])) pos++;
        }

        if (pos < json.Length && (json[pos] | 0x20) == (byte)'e')
        {
            pos++;
            if (pos < json.Length && (json[pos] == (byte)'+' || json[pos] == (byte)'-')) pos++;
            if (pos >= json.Length || !IsDigit(json[pos])) Fail("invalid number", start);
            while (pos < json.Length && IsDigit(json[pos])) pos++;
        }
    }

    private static void ExpectLiteral(ReadOnlySpan<byte> json, ref int pos, ReadOnlySpan<byte> literal)
    {
        if (!json[pos..].StartsWith(literal)) Fail("invalid value", pos);
        pos += literal.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SkipWhitespace(ReadOnlySpan<byte> json, ref int pos)
    {
        while (pos < json.Length)
        {
            var b = json[pos];
            if (b != (byte)' ' && b != (byte)'\n' && b != (byte)'\r' && b != (byte)'\t') return;
            pos++;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Fail(string reason, int pos) => throw new InvalidEventException(reason, pos);
}
