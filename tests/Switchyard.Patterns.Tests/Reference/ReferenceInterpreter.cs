using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Switchyard.Patterns.Tests.Reference;

/// <summary>
/// A deliberately plain interpreter of the pattern language, used only to cross-check the compiled matcher. It works
/// on the pattern's raw JSON and a JsonDocument of the event, shares no code with the library, and favours obviousness
/// over speed: flatten the event into leaves, multiply out $or, then search for an array-consistent choice of leaves.
/// It assumes the pattern is valid (the library's parser decides validity).
/// </summary>
public static class ReferenceInterpreter
{
    private sealed record Leaf(string Path, JsonElement Value, List<(int Array, int Index)> Ancestry);

    private sealed record Condition(string Path, JsonElement Values);

    public static bool Matches(string patternJson, string eventJson)
    {
        using var pattern = JsonDocument.Parse(patternJson);
        using var evt = JsonDocument.Parse(eventJson);
        var leaves = new List<Leaf>();
        var arrayCounter = 0;
        Flatten(evt.RootElement, null, [], leaves, ref arrayCounter);
        return Branches(pattern.RootElement, "").Any(branch => BranchMatches(branch, leaves));
    }

    private static void Flatten(JsonElement e, string? path, List<(int, int)> ancestry, List<Leaf> leaves, ref int arrays)
    {
        if (e.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in e.EnumerateObject())
                Flatten(p.Value, path is null ? p.Name : path + "." + p.Name, ancestry, leaves, ref arrays);
        }
        else if (e.ValueKind == JsonValueKind.Array)
        {
            var id = arrays++;
            var i = 0;
            foreach (var item in e.EnumerateArray())
            {
                var inner = new List<(int, int)>(ancestry) { (id, i++) };
                Flatten(item, path, inner, leaves, ref arrays);
            }
        }
        else if (path is not null)
        {
            leaves.Add(new Leaf(path, e, ancestry));
        }
    }

    // ---- $or expansion -------------------------------------------------------------------------------------------

    private static readonly HashSet<string> Keywords =
    [
        "exactly", "equals-ignore-case", "prefix", "suffix", "anything-but", "exists", "wildcard", "numeric", "cidr",
        "regex", "not-wildcard", "not-equals-ignore-case", "date-after", "date-on-or-after", "date-before",
        "date-on-or-before", "in-date-range", "ip-address-in-range", "ip-address-not-in-range",
    ];

    private static bool IsOr(JsonProperty p) =>
        p.Name == "$or" && p.Value.ValueKind == JsonValueKind.Array && p.Value.GetArrayLength() >= 2 &&
        p.Value.EnumerateArray().All(o => o.ValueKind == JsonValueKind.Object && o.EnumerateObject().All(k => !Keywords.Contains(k.Name)));

    private static List<List<Condition>> Branches(JsonElement obj, string prefix)
    {
        var result = new List<List<Condition>> { new() };
        var properties = obj.EnumerateObject().ToList();
        // A repeated key: the last one counts (AWS).
        foreach (var p in properties.Where((p, i) => properties.FindLastIndex(q => q.Name == p.Name) == i))
        {
            List<List<Condition>> part;
            if (IsOr(p))
                part = p.Value.EnumerateArray().SelectMany(o => Branches(o, prefix)).ToList();
            else if (p.Value.ValueKind == JsonValueKind.Object)
                part = Branches(p.Value, prefix + p.Name + ".");
            else
                part = LeafAlternatives(prefix + p.Name, p.Value);
            result = result.SelectMany(a => part.Select(b => a.Concat(b).ToList())).ToList();
        }

        return result;
    }

    /// <summary>exists:false among other values means "absent, or one of the others": two alternatives.</summary>
    private static List<List<Condition>> LeafAlternatives(string path, JsonElement values)
    {
        static bool IsExistsFalse(JsonElement v) =>
            v.ValueKind == JsonValueKind.Object && v.TryGetProperty("exists", out var x) && x.ValueKind == JsonValueKind.False;
        var all = values.EnumerateArray().ToList();
        var others = all.Where(v => !IsExistsFalse(v)).ToList();
        if (others.Count == all.Count || others.Count == 0) return [[new Condition(path, values)]];
        using var present = JsonDocument.Parse("[" + string.Join(",", others.Select(v => v.GetRawText())) + "]");
        using var absent = JsonDocument.Parse("[{\"exists\": false}]");
        return [[new Condition(path, present.RootElement.Clone())], [new Condition(path, absent.RootElement.Clone())]];
    }

    // ---- branch evaluation ---------------------------------------------------------------------------------------

    private static bool IsAbsence(Condition c) =>
        c.Values.GetArrayLength() == 1 && c.Values[0].ValueKind == JsonValueKind.Object &&
        c.Values[0].TryGetProperty("exists", out var x) && x.ValueKind == JsonValueKind.False;

    private static bool BranchMatches(List<Condition> branch, List<Leaf> leaves)
    {
        var positive = branch.Where(c => !IsAbsence(c)).ToList();
        var absent = branch.Where(IsAbsence).ToList();
        var candidates = positive
            .Select(c => leaves.Where(l => l.Path == c.Path && c.Values.EnumerateArray().Any(v => Accepts(v, l.Value))).ToList())
            .ToList();
        if (candidates.Any(c => c.Count == 0)) return false;
        return Search(0, candidates, new List<Leaf>(), absent, leaves);
    }

    private static bool Search(int k, List<List<Leaf>> candidates, List<Leaf> chosen, List<Condition> absent, List<Leaf> leaves)
    {
        if (k == candidates.Count)
            return absent.All(a => !leaves.Any(l => l.Path == a.Path && chosen.All(c => Consistent(c, l))));
        foreach (var leaf in candidates[k])
        {
            if (!chosen.All(c => Consistent(c, leaf))) continue;
            chosen.Add(leaf);
            if (Search(k + 1, candidates, chosen, absent, leaves)) return true;
            chosen.RemoveAt(chosen.Count - 1);
        }

        return false;
    }

    /// <summary>Two leaves conflict when some array encloses both but they are in different elements of it.</summary>
    private static bool Consistent(Leaf a, Leaf b)
    {
        foreach (var (array, index) in a.Ancestry)
            foreach (var (otherArray, otherIndex) in b.Ancestry)
                if (array == otherArray && index != otherIndex) return false;
        return true;
    }

    // ---- value tests ---------------------------------------------------------------------------------------------

    private static bool Accepts(JsonElement pattern, JsonElement value)
    {
        switch (pattern.ValueKind)
        {
            case JsonValueKind.String:
                return value.ValueKind == JsonValueKind.String && value.GetString() == pattern.GetString();
            case JsonValueKind.Number:
                return value.ValueKind == JsonValueKind.Number &&
                       (value.GetRawText() == pattern.GetRawText() || (Num(value) is { } a && Num(pattern) is { } b && a == b));
            case JsonValueKind.True:
            case JsonValueKind.False:
            case JsonValueKind.Null:
                return value.ValueKind == pattern.ValueKind;
        }

        var op = pattern.EnumerateObject().Single();
        var s = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        switch (op.Name)
        {
            case "exactly": return s == op.Value.GetString();
            case "prefix":
                if (s is null) return false;
                return op.Value.ValueKind == JsonValueKind.String
                    ? s.StartsWith(op.Value.GetString()!, StringComparison.Ordinal)
                    : Fold(s).StartsWith(Fold(op.Value.GetProperty("equals-ignore-case").GetString()!), StringComparison.Ordinal);
            case "suffix":
                if (s is null) return false;
                return op.Value.ValueKind == JsonValueKind.String
                    ? s.EndsWith(op.Value.GetString()!, StringComparison.Ordinal)
                    : Fold(s).EndsWith(Fold(op.Value.GetProperty("equals-ignore-case").GetString()!), StringComparison.Ordinal);
            case "equals-ignore-case": return s is not null && Fold(s) == Fold(op.Value.GetString()!);
            case "wildcard": return s is not null && Wildcard(op.Value.GetString()!).IsMatch(s);
            case "numeric": return Num(value) is { } n && NumericHolds(op.Value, n);
            case "exists": return op.Value.ValueKind == JsonValueKind.True; // any leaf is present
            case "cidr": return s is not null && InCidr(s, op.Value.GetString()!);
            case "anything-but": return !AnythingButExcludes(op.Value, value, s);
            default: throw new NotSupportedException(op.Name);
        }
    }

    private static bool AnythingButExcludes(JsonElement spec, JsonElement value, string? s)
    {
        switch (spec.ValueKind)
        {
            case JsonValueKind.String: return s == spec.GetString();
            case JsonValueKind.Number: return Num(value) is { } n && n == Num(spec);
            case JsonValueKind.Array:
                return spec.EnumerateArray().Any(x => x.ValueKind == JsonValueKind.String
                    ? s == x.GetString()
                    : Num(value) is { } n && n == Num(x));
        }

        var op = spec.EnumerateObject().Single();
        var items = op.Value.ValueKind == JsonValueKind.Array
            ? op.Value.EnumerateArray().Select(x => x.GetString()!).ToList()
            : [op.Value.GetString()!];
        if (s is null) return false;
        return op.Name switch
        {
            "prefix" => items.Any(i => s.StartsWith(i, StringComparison.Ordinal)),
            "suffix" => items.Any(i => s.EndsWith(i, StringComparison.Ordinal)),
            "equals-ignore-case" => items.Any(i => Fold(i) == Fold(s)),
            "wildcard" => items.Any(i => Wildcard(i).IsMatch(s)),
            _ => throw new NotSupportedException(op.Name),
        };
    }

    private static double? Num(JsonElement e) =>
        e.ValueKind == JsonValueKind.Number && double.TryParse(e.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
            ? d
            : null;

    private static bool NumericHolds(JsonElement spec, double n)
    {
        var items = spec.EnumerateArray().ToList();
        for (var i = 0; i < items.Count; i += 2)
        {
            var bound = Num(items[i + 1])!.Value;
            var ok = items[i].GetString() switch
            {
                "=" => n == bound,
                "<" => n < bound,
                "<=" => n <= bound,
                ">" => n > bound,
                ">=" => n >= bound,
                _ => throw new NotSupportedException(),
            };
            if (!ok) return false;
        }

        return true;
    }

    /// <summary>Per-code-point lower(upper(c)), over .NET strings.</summary>
    private static string Fold(string s)
    {
        var sb = new StringBuilder();
        foreach (var r in s.EnumerateRunes()) sb.Append(Rune.ToLowerInvariant(Rune.ToUpperInvariant(r)).ToString());
        return sb.ToString();
    }

    private static Regex Wildcard(string w)
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < w.Length; i++)
        {
            if (w[i] == '\\') { sb.Append(Regex.Escape(w[++i].ToString())); continue; }
            sb.Append(w[i] == '*' ? ".*" : Regex.Escape(w[i].ToString()));
        }

        return new Regex(sb.Append('$').ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant);
    }

    private static bool InCidr(string value, string cidr)
    {
        var parts = cidr.Split('/');
        if (!TryIp(parts[0], out var network) || !TryIp(value, out var address)) return false;
        if (network.Length != address.Length) return false;
        var bits = int.Parse(parts[1], CultureInfo.InvariantCulture);
        for (var i = 0; i < bits; i++)
        {
            var mask = 0x80 >> (i % 8);
            if ((network[i / 8] & mask) != (address[i / 8] & mask)) return false;
        }

        return true;
    }

    /// <summary>IPv4 must be four decimal parts (leading zeros are decimal, unlike IPAddress.Parse); IPv6 as IPAddress reads it.</summary>
    private static bool TryIp(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Contains(':'))
        {
            if (text.Contains('%') || text.Contains('[') || !IPAddress.TryParse(text, out var v6)) return false;
            bytes = v6.GetAddressBytes();
            return bytes.Length == 16;
        }

        var parts = text.Split('.');
        if (parts.Length != 4) return false;
        var result = new byte[4];
        for (var i = 0; i < 4; i++)
        {
            if (parts[i].Length is 0 or > 3 || !parts[i].All(char.IsAsciiDigit)) return false;
            var v = int.Parse(parts[i], CultureInfo.InvariantCulture);
            if (v > 255) return false;
            result[i] = (byte)v;
        }

        bytes = result;
        return true;
    }
}
