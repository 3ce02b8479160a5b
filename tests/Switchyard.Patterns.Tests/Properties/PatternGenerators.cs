using FsCheck;
using FsCheck.Fluent;

namespace Switchyard.Patterns.Tests.Properties;

/// <summary>
/// FsCheck generators for random (valid) patterns and events over a small shared vocabulary of paths and values, so
/// that random pairs match often enough to exercise every operator, arrays, array consistency and $or.
/// </summary>
public static class PatternGenerators
{
    private static readonly string[] Scalars =
    [
        "\"\"", "\"a\"", "\"ab\"", "\"abc\"", "\"Abc\"", "\"ABC\"", "\"b\"", "\"xa*b\"", "\"x\\\\b\"", "\"10.0.0.1\"", "\"10.0.1.7\"",
        "\"2001:db8::1\"", "\"ß\"", "\"Äb\"", "\"300\"", "0", "-0", "1", "1.5", "3", "300", "3.0e2", "1e10", "-7", "true", "false", "null",
    ];

    private static readonly string[] Paths = ["x", "y", "o.p", "o.q", "arr.k", "arr.m"];

    public static Gen<string> Scalar { get; } = Gen.Elements(Scalars);

    private static Gen<string> Leafish { get; } = Gen.Frequency(
        (4, Scalar),
        (1, Gen.Choose(0, 3).SelectMany(n => Scalar.ArrayOf(n)).Select(items => "[" + string.Join(",", items) + "]")));

    private static Gen<string?> OptionalMember(Gen<string> value, string key) =>
        Gen.Frequency((2, value.Select(v => (string?)$"\"{key}\":{v}")), (1, Gen.Constant<string?>(null)));

    private static string Obj(IEnumerable<string?> members) => "{" + string.Join(",", members.Where(m => m is not null)) + "}";

    private static Gen<string> ObjectWith(string a, string b) =>
        OptionalMember(Leafish, a).SelectMany(x => OptionalMember(Leafish, b).Select(y => Obj([x, y])));

    /// <summary>A JSON event object using the shared paths, with arrays (also nested) of objects and of scalars.</summary>
    public static Gen<string> Event { get; } =
        from x in OptionalMember(Leafish, "x")
        from y in OptionalMember(Leafish, "y")
        from o in OptionalMember(Gen.Frequency(
            (3, ObjectWith("p", "q")),
            (1, Gen.Choose(1, 3).SelectMany(n => ObjectWith("p", "q").ArrayOf(n)).Select(a => "[" + string.Join(",", a) + "]")),
            (1, Scalar)), "o")
        from arr in OptionalMember(Gen.Frequency(
            (3, Gen.Choose(1, 3).SelectMany(n => ObjectWith("k", "m").ArrayOf(n)).Select(a => "[" + string.Join(",", a) + "]")),
            (1, Gen.Choose(1, 2).SelectMany(n => ObjectWith("k", "m").ArrayOf(2).Select(a => "[" + string.Join(",", a) + "]").ArrayOf(n))
                .Select(a => "[" + string.Join(",", a) + "]")),
            (1, ObjectWith("k", "m"))), "arr")
        select Obj([x, y, o, arr]);

    private static readonly string[] MatchExpressions =
    [
        "{\"prefix\":\"\"}", "{\"prefix\":\"a\"}", "{\"prefix\":\"A\"}", "{\"prefix\":\"ab\"}", "{\"prefix\":\"1\"}", "{\"prefix\":\"10.0.\"}",
        "{\"prefix\":{\"equals-ignore-case\":\"AB\"}}", "{\"prefix\":{\"equals-ignore-case\":\"ä\"}}",
        "{\"suffix\":\"b\"}", "{\"suffix\":\"bc\"}", "{\"suffix\":\".1\"}", "{\"suffix\":\"\"}",
        "{\"suffix\":{\"equals-ignore-case\":\"BC\"}}", "{\"suffix\":{\"equals-ignore-case\":\"B\"}}",
        "{\"equals-ignore-case\":\"abc\"}", "{\"equals-ignore-case\":\"äB\"}", "{\"equals-ignore-case\":\"SS\"}", "{\"equals-ignore-case\":\"\"}",
        "{\"wildcard\":\"a*\"}", "{\"wildcard\":\"*b\"}", "{\"wildcard\":\"a*b*c\"}", "{\"wildcard\":\"*\"}", "{\"wildcard\":\"*a*\"}",
        "{\"wildcard\":\"xa\\\\*b\"}", "{\"wildcard\":\"x\\\\\\\\b\"}", "{\"wildcard\":\"ab\"}", "{\"wildcard\":\"10.*.1\"}",
        "{\"numeric\":[\">\",0]}", "{\"numeric\":[\"<\",2]}", "{\"numeric\":[\">=\",1,\"<=\",3]}", "{\"numeric\":[\"=\",300]}",
        "{\"numeric\":[\">\",-10,\"<\",0]}", "{\"numeric\":[\"<=\",0]}", "{\"numeric\":[\">\",1.5,\"<\",1e10]}",
        "{\"exists\":true}",
        "{\"cidr\":\"10.0.0.0/24\"}", "{\"cidr\":\"10.0.0.5/16\"}", "{\"cidr\":\"2001:db8::/32\"}", "{\"cidr\":\"0.0.0.0/0\"}",
        "{\"anything-but\":\"a\"}", "{\"anything-but\":3}", "{\"anything-but\":[\"a\",\"b\"]}", "{\"anything-but\":[0,1.5]}",
        "{\"anything-but\":{\"prefix\":\"a\"}}", "{\"anything-but\":{\"suffix\":[\"b\",\"c\"]}}",
        "{\"anything-but\":{\"equals-ignore-case\":\"ABC\"}}", "{\"anything-but\":{\"equals-ignore-case\":[\"a\",\"B\"]}}",
        "{\"anything-but\":{\"wildcard\":\"*b\"}}", "{\"anything-but\":{\"wildcard\":[\"a*\",\"*.1\"]}}",
    ];

    private static Gen<string> ValueArray { get; } = Gen.Frequency(
        (1, Gen.Constant("[{\"exists\":false}]")),
        (12, Gen.Choose(1, 3).SelectMany(n => Gen.Frequency((2, Scalar), (5, Gen.Elements(MatchExpressions))).ArrayOf(n))
            .Select(items => "[" + string.Join(",", items) + "]")));

    /// <summary>A condition set: distinct paths, each with a value array, as (path, array) pairs.</summary>
    private static Gen<(string Path, string Values)[]> Conditions(string[] paths, int min, int max) =>
        Gen.Choose(min, Math.Min(max, paths.Length))
            .SelectMany(n => Gen.Shuffle(paths).Select(s => s.Take(n).ToArray()))
            .SelectMany(chosen => ValueArray.ArrayOf(chosen.Length).Select(values => chosen.Zip(values).ToArray()));

    /// <summary>Renders conditions as nested JSON members; sometimes writes "o.p" as one dotted key (AWS joins keys with '.').</summary>
    private static Gen<string> Render((string Path, string Values)[] conditions) =>
        Gen.Elements(true, false).Select(dotted =>
        {
            var members = new List<string>();
            foreach (var group in conditions.GroupBy(c => dotted || !c.Path.Contains('.') ? c.Path : c.Path.Split('.')[0]))
            {
                if (group.Key == group.First().Path)
                {
                    foreach (var (path, values) in group) members.Add($"\"{path}\":{values}");
                }
                else
                {
                    var inner = group.Select(c => $"\"{c.Path.Split('.')[1]}\":{c.Values}");
                    members.Add($"\"{group.Key}\":{{{string.Join(",", inner)}}}");
                }
            }

            return string.Join(",", members);
        });

    /// <summary>A valid pattern: some conditions, optionally AND-ed with a $or of two alternatives on other paths.</summary>
    public static Gen<string> Pattern { get; } =
        from outer in Conditions(Paths, 0, 3)
        from useOr in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
        let rest = Paths.Except(outer.Select(c => c.Path)).ToArray()
        from left in Conditions(rest, 1, 2)
        from right in Conditions(rest, 1, 2)
        from outerJson in Render(outer)
        from leftJson in Render(left)
        from rightJson in Render(right)
        let orJson = useOr || outer.Length == 0 ? $"\"$or\":[{{{leftJson}}},{{{rightJson}}}]" : null
        select "{" + string.Join(",", new[] { outerJson, orJson }.Where(s => !string.IsNullOrEmpty(s))) + "}";
}
