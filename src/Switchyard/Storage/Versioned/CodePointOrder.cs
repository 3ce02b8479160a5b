namespace Switchyard.Storage.Versioned;

/// <summary>
/// Orders strings by Unicode code point, which is the byte order of their UTF-8 (SQLite's BINARY collation, PostgreSQL's
/// "C"). .NET's ordinal order compares UTF-16 code units and puts characters above U+FFFF before U+E000..U+FFFF, so a
/// memory backend using it would list names in a different order than the databases.
/// </summary>
internal sealed class CodePointOrder : IComparer<string>
{
    public static readonly CodePointOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var length = Math.Min(x.Length, y.Length);
        for (var i = 0; i < length; i++)
        {
            char a = x[i], b = y[i];
            if (a == b) continue;
            // Surrogates (D800..DFFF) encode code points above FFFF: they sort after every other UTF-16 unit.
            var surrogateA = char.IsSurrogate(a);
            var surrogateB = char.IsSurrogate(b);
            if (surrogateA != surrogateB) return surrogateA ? 1 : -1;
            return a.CompareTo(b);
        }
        return x.Length.CompareTo(y.Length);
    }
}
