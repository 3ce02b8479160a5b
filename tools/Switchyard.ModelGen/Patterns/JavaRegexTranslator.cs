using System.Text;

namespace Switchyard.ModelGen.Patterns;

/// <summary>
/// Rewrites a model pattern (java.util.regex syntax, as AWS evaluates it) into a .NET pattern with the same meaning.
/// </summary>
/// <remarks>
/// The two dialects differ in a few places that matter for these patterns:
/// <c>\w</c>, <c>\d</c> and <c>\s</c> are ASCII-only in Java but Unicode-aware in .NET; Java's <c>.</c> excludes every
/// line terminator while .NET's excludes only <c>\n</c>; and Java accepts a backslash before any non-letter
/// (e.g. <c>\_</c>) where .NET rejects escaping word characters. Anything else is passed through unchanged.
/// Full-match anchoring (Java's <c>Matcher.matches()</c>) is added by the caller.
/// </remarks>
public static class JavaRegexTranslator
{
    private const string WordChars = "a-zA-Z0-9_";
    private const string DigitChars = "0-9";
    private const string SpaceChars = @" \t\n\x0B\f\r";
    private const string NotLineTerminator = @"[^\n\r\u0085\u2028\u2029]";

    public static string Translate(string javaPattern)
    {
        var output = new StringBuilder(javaPattern.Length + 16);
        var inClass = false;
        for (var i = 0; i < javaPattern.Length; i++)
        {
            var c = javaPattern[i];
            if (c == '\\' && i + 1 < javaPattern.Length)
            {
                var next = javaPattern[++i];
                switch (next)
                {
                    case 'w': output.Append(inClass ? WordChars : $"[{WordChars}]"); break;
                    case 'd': output.Append(inClass ? DigitChars : $"[{DigitChars}]"); break;
                    case 's': output.Append(inClass ? SpaceChars : $"[{SpaceChars}]"); break;
                    case 'W' when !inClass: output.Append($"[^{WordChars}]"); break;
                    case 'D' when !inClass: output.Append($"[^{DigitChars}]"); break;
                    case 'S' when !inClass: output.Append($"[^{SpaceChars}]"); break;
                    case 'W' or 'D' or 'S':
                        throw new NotSupportedException($"Negated class escape inside a character class: {javaPattern}");
                    case 'Q':
                        // \Q...\E quotes literally in Java; .NET has no such construct.
                        var end = javaPattern.IndexOf(@"\E", i + 1, StringComparison.Ordinal);
                        var literal = end < 0 ? javaPattern[(i + 1)..] : javaPattern[(i + 1)..end];
                        output.Append(System.Text.RegularExpressions.Regex.Escape(literal));
                        i = end < 0 ? javaPattern.Length : end + 1;
                        break;
                    default:
                        if (!char.IsLetterOrDigit(next) && next != '_')
                        {
                            output.Append('\\').Append(next);
                        }
                        else if (next == '_')
                        {
                            output.Append('_');
                        }
                        else
                        {
                            // \p{..}, \x26, \t, \n, \u.... and back-references mean the same in both dialects.
                            output.Append('\\').Append(next);
                        }
                        break;
                }
                continue;
            }

            if (inClass)
            {
                if (c == ']') inClass = false;
                if (c == '&' && i + 1 < javaPattern.Length && javaPattern[i + 1] == '&')
                {
                    throw new NotSupportedException($"Java class intersection is not translated: {javaPattern}");
                }
                output.Append(c);
                continue;
            }

            switch (c)
            {
                case '[':
                    inClass = true;
                    output.Append(c);
                    // A ']' right after '[' or '[^' is a literal in both dialects; copy it so it does not close the class.
                    if (i + 1 < javaPattern.Length && javaPattern[i + 1] == '^') output.Append(javaPattern[++i]);
                    if (i + 1 < javaPattern.Length && javaPattern[i + 1] == ']') output.Append(javaPattern[++i]);
                    break;
                case '.':
                    output.Append(NotLineTerminator);
                    break;
                default:
                    output.Append(c);
                    break;
            }
        }

        return output.ToString();
    }

    /// <summary>The translated pattern anchored for a whole-value match, as Java's <c>Matcher.matches()</c>.</summary>
    public static string TranslateAnchored(string javaPattern) => $@"\A(?:{Translate(javaPattern)})\z";
}
