namespace Switchyard.Bench.Patterns;

/// <summary>
/// Five rules per operator type, taken from event-ruler's Benchmarks.java where it has them (EXACT, WILDCARD, PREFIX,
/// SUFFIX, EQUALS_IGNORE_CASE, NUMERIC, ANYTHING_BUT, COMPLEX_ARRAYS) and written in the same spirit for the types it
/// lacks. <see cref="ReferenceEventsPerSecond"/> is event-ruler 2.0.1 measured on this machine (docs: patterns.md §5).
/// </summary>
public static class OperatorRuleSets
{
    public sealed record RuleSet(string Name, string[] Rules, int ReferenceEventsPerSecond);

    private static string Props(string field, string value) => "{\"properties\":{\"" + field + "\":[" + value + "]}}";

    /// <summary>A rule on geometry.{path} (path may be "a.b"), optionally AND-ed with geometry.type = type.</summary>
    private static string Geo(string type, string path, string value)
    {
        var parts = path.Split('.');
        var inner = parts.Length == 1
            ? "\"" + parts[0] + "\":[" + value + "]"
            : "\"" + parts[0] + "\":{\"" + parts[1] + "\":[" + value + "]}";
        var typeCondition = type.Length == 0 ? "" : "\"type\":[\"" + type + "\"],";
        return "{\"geometry\":{" + typeCondition + inner + "}}";
    }

    public static readonly RuleSet[] All =
    [
        new("EXACT", [
            Props("MAPBLKLOT", "\"1430022\""), Props("MAPBLKLOT", "\"2607117\""), Props("MAPBLKLOT", "\"2607218\""),
            Props("MAPBLKLOT", "\"3745012\""), Props("MAPBLKLOT", "\"VACSTWIL\""),
        ], 209_000),
        new("PREFIX", [
            Props("STREET", """{"prefix":"AC"}"""), Props("STREET", """{"prefix":"BL"}"""), Props("STREET", """{"prefix":"DR"}"""),
            Props("STREET", """{"prefix":"FU"}"""), Props("STREET", """{"prefix":"RH"}"""),
        ], 323_000),
        new("PREFIX_EQUALS_IGNORE_CASE", [
            Props("STREET", """{"prefix":{"equals-ignore-case":"ac"}}"""), Props("STREET", """{"prefix":{"equals-ignore-case":"bL"}}"""),
            Props("STREET", """{"prefix":{"equals-ignore-case":"Dr"}}"""), Props("STREET", """{"prefix":{"equals-ignore-case":"fu"}}"""),
            Props("STREET", """{"prefix":{"equals-ignore-case":"rH"}}"""),
        ], 327_000),
        new("SUFFIX", [
            Props("STREET", """{"suffix":"ON"}"""), Props("STREET", """{"suffix":"KE"}"""), Props("STREET", """{"suffix":"MM"}"""),
            Props("STREET", """{"suffix":"ING"}"""), Props("STREET", """{"suffix":"GO"}"""),
        ], 280_000),
        new("SUFFIX_EQUALS_IGNORE_CASE", [
            Props("STREET", """{"suffix":{"equals-ignore-case":"on"}}"""), Props("STREET", """{"suffix":{"equals-ignore-case":"Ke"}}"""),
            Props("STREET", """{"suffix":{"equals-ignore-case":"mM"}}"""), Props("STREET", """{"suffix":{"equals-ignore-case":"ing"}}"""),
            Props("STREET", """{"suffix":{"equals-ignore-case":"gO"}}"""),
        ], 299_000),
        new("EQUALS_IGNORE_CASE", [
            Props("STREET", """{"equals-ignore-case":"jefferson"}"""), Props("STREET", """{"equals-ignore-case":"bEaCh"}"""),
            Props("STREET", """{"equals-ignore-case":"HyDe"}"""), Props("STREET", """{"equals-ignore-case":"CHESTNUT"}"""),
            Props("ST_TYPE", """{"equals-ignore-case":"st"}"""),
        ], 202_000),
        new("WILDCARD", [
            Props("MAPBLKLOT", """{"wildcard":"143*"}"""), Props("MAPBLKLOT", """{"wildcard":"2*0*1*7"}"""),
            Props("MAPBLKLOT", """{"wildcard":"*218"}"""), Props("MAPBLKLOT", """{"wildcard":"3*5*2"}"""),
            Props("MAPBLKLOT", """{"wildcard":"VA*IL"}"""),
        ], 210_000),
        new("NUMERIC", [
            Geo("Polygon", "firstCoordinates.x", """{"numeric":["=",-122.42916360922355]}"""),
            Geo("MultiPolygon", "firstCoordinates.z", """{"numeric":["=",0]}"""),
            Geo("", "firstCoordinates.x", """{"numeric":["<",-122.41600944012424]}"""),
            Geo("", "firstCoordinates.x", """{"numeric":[">",-122.41600944012424]}"""),
            Geo("", "firstCoordinates.x", """{"numeric":[">",-122.46471267081272,"<",-122.4063085128395]}"""),
        ], 140_000),
        new("ANYTHING_BUT", [
            Props("STREET", """{"anything-but":["FULTON"]}"""), Props("STREET", """{"anything-but":["MASON"]}"""),
            Props("ST_TYPE", """{"anything-but":["ST"]}"""), Geo("", "type", """{"anything-but":["Polygon"]}"""),
            Props("FROM_ST", """{"anything-but":["441"]}"""),
        ], 120_000),
        new("ANYTHING_BUT_IGNORE_CASE", [
            Props("STREET", """{"anything-but":{"equals-ignore-case":["fulton"]}}"""),
            Props("STREET", """{"anything-but":{"equals-ignore-case":["mason"]}}"""),
            Props("ST_TYPE", """{"anything-but":{"equals-ignore-case":["st"]}}"""),
            Geo("", "type", """{"anything-but":{"equals-ignore-case":["polygon"]}}"""),
            Props("FROM_ST", """{"anything-but":{"equals-ignore-case":["441"]}}"""),
        ], 133_000),
        new("ANYTHING_BUT_PREFIX", [
            Props("STREET", """{"anything-but":{"prefix":"FUL"}}"""), Props("STREET", """{"anything-but":{"prefix":"MAS"}}"""),
            Props("ST_TYPE", """{"anything-but":{"prefix":"S"}}"""), Geo("", "type", """{"anything-but":{"prefix":"Poly"}}"""),
            Props("FROM_ST", """{"anything-but":{"prefix":"44"}}"""),
        ], 141_000),
        new("ANYTHING_BUT_SUFFIX", [
            Props("STREET", """{"anything-but":{"suffix":"TON"}}"""), Props("STREET", """{"anything-but":{"suffix":"SON"}}"""),
            Props("ST_TYPE", """{"anything-but":{"suffix":"T"}}"""), Geo("", "type", """{"anything-but":{"suffix":"gon"}}"""),
            Props("FROM_ST", """{"anything-but":{"suffix":"41"}}"""),
        ], 130_000),
        new("ANYTHING_BUT_WILDCARD", [
            Props("STREET", """{"anything-but":{"wildcard":"F*N"}}"""), Props("STREET", """{"anything-but":{"wildcard":"M*N"}}"""),
            Props("ST_TYPE", """{"anything-but":{"wildcard":"S*"}}"""), Geo("", "type", """{"anything-but":{"wildcard":"P*n"}}"""),
            Props("FROM_ST", """{"anything-but":{"wildcard":"4*1"}}"""),
        ], 107_000),
        // event-ruler's citylots2 has coordinates as objects {x,y,z}; here they are plain [x, y, z] number arrays, so the
        // x/y conditions become conditions on geometry.coordinates itself (x values are near -122, y values near 37).
        new("COMPLEX_ARRAYS", [
            Geo("Polygon", "coordinates", """{"numeric":["=",-122.42916360922355]}"""),
            Geo("MultiPolygon", "coordinates", """{"numeric":["=",37.729900216217324]}"""),
            Geo("", "coordinates", """{"numeric":["<",-122.41600944012424]}"""),
            Geo("", "coordinates", """{"numeric":[">",-122.41600944012424,"<",-100]}"""),
            Geo("", "coordinates", """{"numeric":[">",-122.46471267081272,"<",-122.4063085128395]}"""),
        ], 40_000),
    ];
}
