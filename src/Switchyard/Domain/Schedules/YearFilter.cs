using System.Globalization;

namespace Switchyard.Domain.Schedules;

/// <summary>
/// The sixth cron field, which Cronos does not have: <c>*</c>, a year, a range, a list, or a start (or range) with a
/// step, within AWS's 1970–2199.
/// </summary>
public sealed class YearFilter
{
    public const int FirstYear = 1970;
    public const int LastYear = 2199;

    private readonly bool[] _allowed = new bool[LastYear - FirstYear + 1];

    private YearFilter()
    {
    }

    public bool Contains(int year) => year is >= FirstYear and <= LastYear && _allowed[year - FirstYear];

    /// <summary>The first allowed year after <paramref name="year"/>, or null when there is none.</summary>
    public int? NextYearFrom(int year)
    {
        for (var y = Math.Max(year + 1, FirstYear); y <= LastYear; y++) if (Contains(y)) return y;
        return null;
    }

    public static bool TryParse(string field, out YearFilter filter)
    {
        filter = new YearFilter();
        foreach (var part in field.Split(','))
        {
            var (range, step) = part.Split('/') switch
            {
                [var r] => (r, 1),
                [var r, var s] when Number(s, out var n) && n > 0 => (r, n),
                _ => ("", 0),
            };
            if (step == 0) return false;
            int from, to;
            if (range == "*") (from, to) = (FirstYear, LastYear);
            else if (range.Split('-') is [var a, var b] && Number(a, out from) && Number(b, out to)) { }
            // "2020/2" means every second year from 2020 on, as "0/15" does for minutes.
            else if (Number(range, out from)) to = step > 1 || part.Contains('/') ? LastYear : from;
            else return false;
            if (from < FirstYear || to > LastYear || from > to) return false;
            for (var y = from; y <= to; y += step) filter._allowed[y - FirstYear] = true;
        }
        return true;
    }

    private static bool Number(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
