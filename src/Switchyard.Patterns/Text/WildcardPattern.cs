using System.Text;

namespace Switchyard.Patterns.Text;

/// <summary>
/// A parsed <c>wildcard</c> value: literal pieces separated by <c>*</c> (any run of characters). <c>\*</c> is a literal
/// star and <c>\\</c> a literal backslash; any other escape and two consecutive stars are refused, as AWS does.
/// </summary>
internal sealed class WildcardPattern
{
    private WildcardPattern(string source, byte[][] pieces)
    {
        Source = source;
        Pieces = pieces;
    }

    /// <summary>The pattern text as written (after JSON unescaping).</summary>
    public string Source { get; }

    /// <summary>
    /// The literal pieces. With n stars there are n + 1 pieces: the first is the literal prefix, the last the literal
    /// suffix (either may be empty). Without stars there is one piece and the pattern is an exact match.
    /// </summary>
    public byte[][] Pieces { get; }

    public bool HasStar => Pieces.Length > 1;

    public byte[] LiteralPrefix => Pieces[0];

    public byte[] LiteralSuffix => Pieces[^1];

    /// <summary>Parses a wildcard; throws <see cref="InvalidEventPatternException"/> with AWS's reasons.</summary>
    public static WildcardPattern Parse(string source, string location)
    {
        var pieces = new List<byte[]>();
        var current = new StringBuilder();
        var previousWasStar = false;
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            if (c == '*')
            {
                if (previousWasStar)
                    throw new InvalidEventPatternException($"Consecutive wildcard characters at pos {i}", location);
                pieces.Add(Encoding.UTF8.GetBytes(current.ToString()));
                current.Clear();
                previousWasStar = true;
                continue;
            }

            previousWasStar = false;
            if (c == '\\')
            {
                if (i + 1 >= source.Length || (source[i + 1] != '*' && source[i + 1] != '\\'))
                    throw new InvalidEventPatternException($"Invalid escape character at pos {i}", location);
                current.Append(source[i + 1]);
                i++;
                continue;
            }

            current.Append(c);
        }

        pieces.Add(Encoding.UTF8.GetBytes(current.ToString()));
        return new WildcardPattern(source, pieces.ToArray());
    }

    /// <summary>Whether the UTF-8 string value matches. Greedy leftmost search is exact for star-only globs.</summary>
    public bool Matches(ReadOnlySpan<byte> value)
    {
        var pieces = Pieces;
        if (pieces.Length == 1) return value.SequenceEqual(pieces[0]);

        var first = pieces[0];
        var last = pieces[^1];
        if (value.Length < first.Length + last.Length) return false;
        if (!value.StartsWith(first) || !value.EndsWith(last)) return false;

        var middle = value[first.Length..(value.Length - last.Length)];
        for (var i = 1; i < pieces.Length - 1; i++)
        {
            var piece = pieces[i];
            var at = middle.IndexOf(piece);
            if (at < 0) return false;
            middle = middle[(at + piece.Length)..];
        }

        return true;
    }
}
