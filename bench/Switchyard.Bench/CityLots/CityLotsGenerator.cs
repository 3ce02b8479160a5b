using System.Globalization;
using System.Text;

namespace Switchyard.Bench.CityLots;

/// <summary>
/// Generates citylots-shaped GeoJSON features deterministically (fixed seed), standing in for event-ruler's
/// citylots2 file (213,068 San Francisco lots, ~750-900 bytes each): a dozen string properties, geometry.type,
/// geometry.coordinates as nested arrays of numbers ([[[x, y, z], ...]]) and geometry.firstCoordinates {x, y, z}.
/// Value distributions are chosen so that the benchmark rules (copied from event-ruler's Benchmarks.java) match a
/// realistic share of events; match counts are not comparable with the real file, throughput is.
/// </summary>
public static class CityLotsGenerator
{
    public const int DefaultCount = 213_068;

    private static readonly string[] Streets =
    [
        "JEFFERSON", "BEACH", "HYDE", "CHESTNUT", "FULTON", "MASON", "ACACIA", "BLAKE", "DRUMM", "RHODE ISLAND", "LEAVENWORTH",
        "BUCHANAN", "GEARY", "MISSION", "VALENCIA", "FOLSOM", "HARRISON", "BRYANT", "JACKSON", "WASHINGTON", "CLAY", "SACRAMENTO",
        "CALIFORNIA", "PINE", "BUSH", "SUTTER", "POST", "TAYLOR", "JONES", "POLK", "LARKIN", "VAN NESS", "FRANKLIN", "GOUGH",
        "OCTAVIA", "LAGUNA", "WEBSTER", "FILLMORE", "STEINER", "PIERCE", "SCOTT", "DIVISADERO", "BRODERICK", "BAKER", "LYON",
        "CENTRAL", "MASONIC", "ASHBURY", "CLAYTON", "COLE", "SHRADER", "STANYAN", "WILLARD", "ARGUELLO", "FUNSTON", "PARK PRESIDIO",
        "FLOOD", "KING", "BURLINGAME", "BLUXOME", "TOWNSEND", "CHANNEL", "CESAR CHAVEZ", "LAKE MERCED", "JUNIPERO SERRA", "SLOAT",
        "HERMAN", "MCCOPPIN", "BELVEDERE", "STOCKTON", "DOLORES", "CHURCH", "SANCHEZ", "NOE", "CASTRO", "DIAMOND", "HOFFMAN",
    ];

    private static readonly string[] StreetTypes = ["ST", "ST", "ST", "ST", "AVE", "AVE", "BLVD", "WAY", "TER", "PL", "DR", "CT"];

    public static CityLotsEvents Generate(int count = DefaultCount, int seed = 20_230_101)
    {
        var random = new Random(seed);
        var offsets = new int[count + 1];
        var output = new MemoryStream(count * 800);
        var sb = new StringBuilder(1200);
        for (var i = 0; i < count; i++)
        {
            sb.Clear();
            Write(sb, random);
            var bytes = Encoding.UTF8.GetBytes(sb.ToString());
            output.Write(bytes);
            offsets[i + 1] = (int)output.Length;
        }

        return new CityLotsEvents(output.ToArray(), offsets);
    }

    private static void Write(StringBuilder sb, Random random)
    {
        var block = random.Next(1, 7600);
        var lot = random.Next(1, 120);
        var special = random.Next(20_000) == 0;
        var mapBlkLot = special ? "VACSTWIL" : block.ToString("D4", CultureInfo.InvariantCulture) + lot.ToString("D3", CultureInfo.InvariantCulture);
        var street = Streets[random.Next(Streets.Length)];
        var from = random.Next(0, 40) * 100 + random.Next(0, 2);
        var to = from + random.Next(1, 60);
        var stType = StreetTypes[random.Next(StreetTypes.Length)];
        var multi = random.Next(1000) < 2;

        sb.Append("{\"type\":\"Feature\",\"properties\":{");
        sb.Append("\"MAPBLKLOT\":\"").Append(mapBlkLot).Append("\",");
        sb.Append("\"BLKLOT\":\"").Append(mapBlkLot).Append("\",");
        sb.Append("\"BLOCK_NUM\":\"").Append(block.ToString("D4", CultureInfo.InvariantCulture)).Append("\",");
        sb.Append("\"LOT_NUM\":\"").Append(lot.ToString("D3", CultureInfo.InvariantCulture)).Append("\",");
        sb.Append("\"FROM_ST\":\"").Append(from.ToString(CultureInfo.InvariantCulture)).Append("\",");
        sb.Append("\"TO_ST\":\"").Append(to.ToString(CultureInfo.InvariantCulture)).Append("\",");
        sb.Append("\"STREET\":\"").Append(street).Append("\",");
        sb.Append("\"ST_TYPE\":").Append(random.Next(30) == 0 ? "null" : "\"" + stType + "\"").Append(',');
        sb.Append("\"ODD_EVEN\":\"").Append(from % 2 == 0 ? "E" : "O").Append("\",");
        sb.Append("\"RESUNITS\":\"").Append(random.Next(0, 12).ToString(CultureInfo.InvariantCulture)).Append("\",");
        sb.Append("\"ZONING\":\"").Append(random.Next(4) switch { 0 => "RH-1", 1 => "RH-2", 2 => "RM-1", _ => "NC-3" }).Append("\",");
        sb.Append("\"SUPERVISOR\":\"").Append(random.Next(1, 12).ToString(CultureInfo.InvariantCulture)).Append('"');
        sb.Append("},\"geometry\":{\"type\":\"").Append(multi ? "MultiPolygon" : "Polygon").Append("\",\"coordinates\":[[");

        var points = random.Next(5, 10);
        var x0 = -122.515 + random.NextDouble() * 0.15;
        var y0 = 37.705 + random.NextDouble() * 0.105;
        for (var p = 0; p < points; p++)
        {
            if (p > 0) sb.Append(',');
            var x = p == points - 1 ? x0 : x0 + random.NextDouble() * 0.0004;
            var y = p == points - 1 ? y0 : y0 + random.NextDouble() * 0.0004;
            sb.Append('[').Append(x.ToString("R", CultureInfo.InvariantCulture)).Append(',')
              .Append(y.ToString("R", CultureInfo.InvariantCulture)).Append(",0]");
        }

        sb.Append("]],\"firstCoordinates\":{\"x\":").Append(x0.ToString("R", CultureInfo.InvariantCulture))
          .Append(",\"y\":").Append(y0.ToString("R", CultureInfo.InvariantCulture)).Append(",\"z\":0}}}");
    }
}
