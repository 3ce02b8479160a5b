using System.Text;

namespace Switchyard.Policies.Evaluation;

/// <summary>
/// A policy value ready for matching: a sequence of characters where <c>*</c> and <c>?</c> written in the policy
/// are wildcards, while characters that came from a policy variable or a <c>${*}</c>/<c>${?}</c> escape are
/// literal. Keeping that distinction per character is what makes the escapes mean anything.
/// </summary>
internal sealed class WildcardPattern
{
    private readonly char[] _chars;
    private readonly bool[] _isWildcard;

    private WildcardPattern(char[] chars, bool[] isWildcard)
    {
        _chars = chars;
        _isWildcard = isWildcard;
    }

    /// <summary>Text written directly in the policy: every <c>*</c> and <c>?</c> is a wildcard.</summary>
    public static WildcardPattern FromPolicyText(string text) => new Builder().AppendPolicyText(text).Build();

    /// <summary>The value as text, wildcards written as <c>*</c>/<c>?</c>; used by the exact-equality operators.</summary>
    public string Text => new(_chars);

    /// <summary>Glob match of the whole input: <c>*</c> any run of characters (also empty), <c>?</c> exactly one.</summary>
    public bool Matches(string input, bool ignoreCase) => Matches(0, _chars.Length, input, ignoreCase);

    /// <summary>
    /// Splits at the first five colons into the six ARN components (partition... resource); fewer than six parts
    /// means the value is not an ARN. The last component keeps any further colons, as ARN resources may.
    /// </summary>
    public IReadOnlyList<WildcardPattern>? SplitArnComponents()
    {
        var parts = new List<WildcardPattern>(6);
        var start = 0;
        for (var i = 0; i < _chars.Length && parts.Count < 5; i++)
        {
            if (_chars[i] != ':' || _isWildcard[i]) continue;
            parts.Add(Slice(start, i));
            start = i + 1;
        }
        if (parts.Count < 5) return null;
        parts.Add(Slice(start, _chars.Length));
        return parts;
    }

    private WildcardPattern Slice(int from, int to) => new(_chars[from..to], _isWildcard[from..to]);

    // Classic linear-time glob matching with one backtrack point: on a mismatch after a '*', let that '*'
    // swallow one more input character and retry from there.
    private bool Matches(int from, int to, string input, bool ignoreCase)
    {
        int p = from, s = 0, starP = -1, starS = 0;
        while (s < input.Length)
        {
            if (p < to && _isWildcard[p] && _chars[p] == '*')
            {
                starP = p++;
                starS = s;
            }
            else if (p < to && (_isWildcard[p] ? _chars[p] == '?' : CharEquals(_chars[p], input[s], ignoreCase)))
            {
                p++;
                s++;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                s = ++starS;
            }
            else
            {
                return false;
            }
        }
        while (p < to && _isWildcard[p] && _chars[p] == '*') p++;
        return p == to;
    }

    private static bool CharEquals(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));

    public override string ToString() => Text;

    /// <summary>Assembles a pattern from policy text (wildcards active) and literal text (wildcards inert).</summary>
    internal sealed class Builder
    {
        private readonly StringBuilder _chars = new();
        private readonly List<bool> _isWildcard = new();

        public Builder AppendPolicyText(string text)
        {
            foreach (var c in text)
            {
                _chars.Append(c);
                _isWildcard.Add(c is '*' or '?');
            }
            return this;
        }

        public Builder AppendLiteral(string text)
        {
            foreach (var c in text)
            {
                _chars.Append(c);
                _isWildcard.Add(false);
            }
            return this;
        }

        public WildcardPattern Build() => new(_chars.ToString().ToCharArray(), _isWildcard.ToArray());
    }
}
