using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Switchyard.Protocol.Model;

namespace Switchyard.Tests.Fuzzing;

/// <summary>
/// Request bodies generated from the service model's input shapes: mostly well-formed values (enums, lengths and
/// patterns of the model honoured, names from a small pool so valid calls touch a bounded set of resources), with
/// mutations at any node — wrong JSON types, nulls (top level and inside lists and maps), missing required and
/// unknown members, extreme lengths and numbers, deep nesting, invalid UTF-8 and escaped lone surrogates — and at the
/// whole body. Bodies are raw bytes so they can hold what no JSON writer produces.
/// </summary>
internal static class ModelBodies
{
    /// <summary>Names and values valid requests are built from; each string shape takes the ones its model constraints allow.</summary>
    private static readonly string[] Pool =
    [
        "default", FuzzState.Bus, FuzzState.Rule, FuzzState.BusRule, "fuzz-2", "t1", "key", "value", "*",
        "123456789012", FuzzState.Account, "events:PutEvents", "StatementFuzz", "ACTIVE", "https://example.com/hook",
        "rate(5 minutes)", "cron(0 12 * * ? *)", "arn:aws:sqs:us-east-1:" + FuzzState.Account + ":fuzz-queue",
        "arn:aws:events:us-east-1:" + FuzzState.Account + ":event-bus/" + FuzzState.Bus,
        "arn:aws:events:us-east-1:" + FuzzState.Account + ":rule/" + FuzzState.Rule,
        "arn:aws:events:us-east-1:" + FuzzState.Account + ":connection/fuzz-conn/0b5c6d7e-1111-2222-3333-444455556666",
        "arn:aws:iam::" + FuzzState.Account + ":role/fuzz", "fuzz.source", "Fuzz Detail", "$.detail", "a description",
        "fuzz-conn", "fuzz-dest",
    ];

    private static readonly string[] LoneSurrogates = [@"\ud800", @"\udfff", @"a\ud83dz", @"\udc00\ud800"];

    private static readonly byte[][] InvalidUtf8 =
    [
        [0xFF], [0xC3, 0x28], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82],
    ];

    private static readonly string[] ExtremeNumbers =
    [
        "0", "-1", "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
        "-9223372036854775809", "18446744073709551616", "99999999999999999999999999999999", "1e308", "1e400", "-1e400",
        "1E-400", "0.5", "-0", "1.0e2", "3.4028235e39",
    ];

    private static readonly int[] Depths = [63, 64, 65, 255, 256, 257, 511, 512, 513, 600, 1000, 5000];

    /// <summary>A whole request body for <paramref name="op"/>.</summary>
    public static Gen<byte[]> Body(OperationModel op) =>
        Gen.Frequency(
            (2, WholeBodyMutant),
            (12, op.Input is null ? Gen.Constant(Utf8("{}")) : Structure(op.Input, 0)));

    private static readonly Gen<byte[]> WholeBodyMutant = Gen.Frequency(
        (3, Gen.Constant(Utf8("null"))),
        (6, Gen.Elements("", "[]", "[null]", "1", "-1e400", "\"x\"", "true", "{", "{\"a\":", "{}{}", "{} x", "{\"a\":1,}",
            "{'a':1}", "\ufeff{}", "{\"\\ud800\":1}", "[{}]").Select(Utf8)),
        (1, Gen.Elements(InvalidUtf8).Select(bytes => Concat(Utf8("{\""), bytes, Utf8("\":1}")))),
        (1, Gen.Elements(Depths).Select(depth => DeepNesting(depth, arrays: depth % 2 == 0))));

    private static Gen<byte[]> Value(ShapeModel shape, string member, int depth) =>
        Gen.Frequency((9, Valid(shape, member, depth)), (1, Mutant(shape)));

    private static Gen<byte[]> Valid(ShapeModel shape, string member, int depth) => shape.Type switch
    {
        ShapeType.Structure => Structure(shape, depth + 1),
        ShapeType.List => List(shape, member, depth + 1),
        ShapeType.Map => Map(shape, member, depth + 1),
        ShapeType.String => StringValue(shape, member),
        ShapeType.Integer or ShapeType.Long => Gen.Choose((int)Math.Max(shape.Min ?? 0, 0), (int)Math.Min(shape.Max ?? 100, 100))
            .Select(n => Utf8(n.ToString())),
        ShapeType.Boolean => Gen.Elements("true", "false").Select(Utf8),
        ShapeType.Timestamp => Gen.Elements("1700000000", "1700000000.5", "0").Select(Utf8),
        _ => Gen.Elements("1.5", "0").Select(Utf8),
    };

    private static Gen<byte[]> Structure(ShapeModel shape, int depth)
    {
        var members = shape.Members.Select(member =>
        {
            // Required members are left out now and then; optional ones come in about half the time.
            var include = Gen.Choose(0, 99).Select(n => member.Required ? n >= 4 : n < 45);
            return include.SelectMany(yes => yes
                ? Value(member.Target, member.Name, depth).Select(value => Concat(Utf8(Quote(member.Name) + ":"), value))
                : Gen.Constant(Array.Empty<byte>()));
        }).ToList();
        members.Add(Gen.Frequency(
            (19, Gen.Constant(Array.Empty<byte>())),
            (1, Gen.Elements("Unknown", "entries", "NAME", "").Select(name => Utf8(Quote(name) + ":{\"x\":[1,null]}")))));
        return Gen.CollectToArray(members).Select(parts =>
            Concat([Utf8("{"), Join(parts.Where(p => p.Length > 0)), Utf8("}")]));
    }

    private static Gen<byte[]> List(ShapeModel shape, string member, int depth)
    {
        var min = (int)(shape.Min ?? 0);
        var max = (int)Math.Min(shape.Max ?? 3, Math.Max(min, 3));
        return Gen.Choose(min, max).SelectMany(count => Value(shape.ListMemberShape!, member, depth).ArrayOf(count))
            .Select(items => Concat([Utf8("["), Join(items), Utf8("]")]));
    }

    private static Gen<byte[]> Map(ShapeModel shape, string member, int depth) =>
        Gen.Choose(0, 3).SelectMany(count =>
                Gen.Zip(StringValue(shape.MapKeyShape!, member), Value(shape.MapValueShape!, member, depth)).ArrayOf(count))
            .Select(entries => Concat([Utf8("{"), Join(entries.DistinctBy(e => Encoding.UTF8.GetString(e.Item1))
                .Select(e => Concat(e.Item1, Utf8(":"), e.Item2))), Utf8("}")]));

    private static Gen<byte[]> StringValue(ShapeModel shape, string member)
    {
        if (shape.Enum is { Count: > 0 } values) return Gen.Elements(values.ToArray()).Select(v => Utf8(Quote(v)));
        Gen<string> text = member switch
        {
            "EventPattern" => EventPatternText,
            "Detail" => DetailText,
            "Policy" => Gen.Constant("{\"Version\":\"2012-10-17\",\"Statement\":[]}"),
            _ => PoolFor(shape),
        };
        return text.Select(t => Utf8(Quote(t)));
    }

    private static Gen<string> PoolFor(ShapeModel shape)
    {
        var fits = Pool.Where(candidate => Fits(shape, candidate)).ToArray();
        if (fits.Length > 0) return Gen.Elements(fits);
        var length = (int)Math.Max(shape.Min ?? 1, 1);
        return Gen.Constant(new string('a', length));
    }

    private static bool Fits(ShapeModel shape, string text) =>
        (shape.Min is not { } min || text.Length >= min)
        && (shape.Max is not { } max || text.Length <= max)
        && (shape.PatternRegex is null || shape.PatternRegex.IsMatch(text));

    /// <summary>Event patterns: valid ones that look into detail, and broken ones (the pattern is text inside a JSON string).</summary>
    private static readonly Gen<string> EventPatternText = Gen.OneOf(
        Gen.Elements(
            "{\"source\":[\"fuzz.source\"]}",
            "{\"detail\":{\"a\":[{\"exists\":true}]}}",
            "{\"detail\":{\"a\":[{\"prefix\":\"x\"}]},\"source\":[\"fuzz.source\"]}",
            "{\"detail\":{\"a\":[\"\\ud800\"]}}",
            "{\"\\udc00\":[\"x\"]}",
            "{\"detail\":{\"a\":[{\"prefix\":\"\\ud800\"}]}}",
            "{\"detail\":{\"a\":[{\"wildcard\":\"x\\ud83d*\"}]}}",
            "{\"detail\":{\"a\":[{\"anything-but\":[\"\\udfff\"]}]}}",
            "{\"source\":[null]}", "{\"source\":[]}", "[]", "null", "\"x\"", "{\"a\":", "{\"detail\":{\"a\":[{\"numeric\":[\">\",1e400]}]}}"),
        Gen.Elements(Depths).Select(depth => Encoding.UTF8.GetString(DeepNesting(Math.Min(depth, 600), arrays: false))));

    /// <summary>PutEvents details: small objects, and ones nested deeper than any reader takes, or holding lone surrogates.</summary>
    private static readonly Gen<string> DetailText = Gen.OneOf(
        Gen.Elements("{}", "{\"a\":\"x\"}", "{\"a\":[1,2,{\"b\":null}]}", "{\"a\":\"\\ud800\"}", "{\"\\udfff\":1}", "[]", "1", "{\"a\":1e400}"),
        Gen.Elements(Depths).Select(depth => "{\"a\":" + Encoding.UTF8.GetString(DeepNesting(depth, arrays: depth % 3 == 0)) + "}"));

    /// <summary>A value that does not fit <paramref name="shape"/>, or fits it only at an extreme.</summary>
    private static Gen<byte[]> Mutant(ShapeModel shape)
    {
        var wrongTypes = Gen.Elements("null", "1", "-1.5", "true", "\"\"", "\"x\"", "[]", "{}", "[null]", "[null,null]", "{\"a\":null}",
            "[[]]", "[{}]", "\"true\"", "\"1\"").Select(Utf8);
        var strings = Gen.OneOf(
            Gen.Elements(LoneSurrogates).Select(s => Utf8("\"" + s + "\"")),
            Gen.Elements(InvalidUtf8).Select(bytes => Concat(Utf8("\"a"), bytes, Utf8("\""))),
            Gen.Elements(0, 1, 65, 257, 2049, 4097, 70_000).Select(n => Utf8(Quote(new string('a', n)))),
            Gen.Constant(Utf8(Quote(new string('a', (int)Math.Min((shape.Max ?? 10) + 1, 300_000))))),
            Gen.Elements("\"\\u0000\"", "\"a\tb\"", "\"\\x\"", "\"unterminated", "\"\u00e9\u4e2d\ud83d\ude00\"").Select(Utf8));
        var numbers = Gen.Elements(ExtremeNumbers).Select(Utf8);
        var deep = Gen.Elements(Depths).Select(depth => DeepNesting(depth, arrays: depth % 2 == 1));
        var nullElements = shape.Type switch
        {
            ShapeType.List => Gen.Elements("[null]", "[null,{}]", "[{},null]", "[\"x\",null]").Select(Utf8),
            ShapeType.Map => Gen.Elements("{\"k\":null}", "{\"\":null}").Select(Utf8),
            ShapeType.Structure => Gen.Elements("{\"x\":null}").Select(Utf8),
            _ => wrongTypes,
        };
        return Gen.OneOf(wrongTypes, strings, numbers, deep, nullElements);
    }

    private static byte[] DeepNesting(int depth, bool arrays)
    {
        var builder = new StringBuilder(depth * 6 + 4);
        for (var i = 0; i < depth; i++) builder.Append(arrays ? "[" : "{\"a\":");
        builder.Append('1');
        for (var i = 0; i < depth; i++) builder.Append(arrays ? ']' : '}');
        return Utf8(builder.ToString());
    }

    private static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Join(IEnumerable<byte[]> parts)
    {
        var list = new List<byte>();
        var first = true;
        foreach (var part in parts)
        {
            if (!first) list.Add((byte)',');
            list.AddRange(part);
            first = false;
        }
        return list.ToArray();
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
