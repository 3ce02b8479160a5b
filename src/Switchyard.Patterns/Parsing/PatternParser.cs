using System.Globalization;
using System.Text.Json;
using Switchyard.Patterns.Model;
using Switchyard.Patterns.Text;

namespace Switchyard.Patterns.Parsing;

/// <summary>
/// Turns pattern JSON into validated branches. <c>$or</c> is multiplied out here (each branch is an AND of field
/// conditions), so the compiler and matcher never deal with OR between fields. Reasons are AWS's texts where known.
/// </summary>
internal static class PatternParser
{
    public static IReadOnlyList<PatternBranch> Parse(string json, PatternOptions options)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json.Length > options.MaxPatternLength)
            throw new InvalidEventPatternException(
                $"Event pattern is {json.Length} characters long; the maximum is {options.MaxPatternLength}");

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw JsonSyntaxErrors.Describe(json, e.Message);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw JsonSyntaxErrors.RootNotObject(json);
            var branches = new List<BranchBuilder> { new() };
            try
            {
                branches = ParseObject(document.RootElement, "", branches, options);
            }
            catch (InvalidOperationException)
            {
                // Valid JSON holding an escaped lone surrogate ("\ud800"), which no .NET string can hold.
                throw new InvalidEventPatternException("Invalid UTF-16: a lone surrogate in a string");
            }
            var result = branches.Select(b => new PatternBranch(b.Conditions)).ToArray();
            WildcardComplexity.Check(result, options.MaxWildcardComplexity);
            return result;
        }
    }

    private sealed class BranchBuilder
    {
        public List<FieldCondition> Conditions { get; } = [];

        public BranchBuilder Copy()
        {
            var copy = new BranchBuilder();
            copy.Conditions.AddRange(Conditions);
            return copy;
        }

        public void Add(FieldCondition condition)
        {
            if (Conditions.Any(c => c.Path == condition.Path))
                throw new InvalidEventPatternException($"Field \"{condition.Path}\" is matched more than once", condition.Path);
            Conditions.Add(condition);
        }
    }

    private static List<BranchBuilder> ParseObject(JsonElement obj, string prefix, List<BranchBuilder> branches, PatternOptions options)
    {
        var properties = obj.EnumerateObject().ToArray();
        if (properties.Length == 0) throw new InvalidEventPatternException("Empty objects are not allowed", prefix.TrimEnd('.'));
        var lastIndexOf = LastIndexOfEachName(properties);
        for (var index = 0; index < properties.Length; index++)
        {
            var property = properties[index];
            // A key given twice: AWS keeps the last one (LocalStack's AWS-validated test_event_pattern_with_multi_key).
            if (lastIndexOf is not null && lastIndexOf[property.Name] != index) continue;
            var path = prefix + property.Name;

            if (property.Name == ReservedKeywords.Or && IsOrRelationship(property.Value, path))
            {
                var expanded = new List<BranchBuilder>();
                foreach (var alternative in property.Value.EnumerateArray())
                {
                    var copies = branches.Select(b => b.Copy()).ToList();
                    expanded.AddRange(ParseObject(alternative, prefix, copies, options));
                    if (expanded.Count > options.MaxOrBranches)
                        throw TooManyBranches(options, path);
                }

                branches = expanded;
                continue;
            }

            switch (property.Value.ValueKind)
            {
                case JsonValueKind.Object:
                    branches = ParseObject(property.Value, path + ".", branches, options);
                    break;
                case JsonValueKind.Array:
                    branches = AddValueArray(branches, path, ParseValueArray(property.Value, path), options);
                    break;
                default:
                    throw new InvalidEventPatternException($"\"{property.Name}\" must be an object or an array", path);
            }
        }

        return branches;
    }

    private static InvalidEventPatternException TooManyBranches(PatternOptions options, string path) =>
        new($"Too many combinations of $or: the pattern expands to more than {options.MaxOrBranches} branches", path);

    private static Dictionary<string, int>? LastIndexOfEachName(JsonProperty[] properties)
    {
        if (properties.Length < 2) return null;
        var last = new Dictionary<string, int>(properties.Length, StringComparer.Ordinal);
        for (var i = 0; i < properties.Length; i++) last[properties[i].Name] = i;
        return last.Count == properties.Length ? null : last;
    }

    /// <summary>
    /// Adds a field's value array to every branch. <c>{"exists": false}</c> next to other values is an OR of "absent" and
    /// "one of the other values" (AWS accepts and matches it so: LocalStack's AWS-validated or-exists,
    /// or-exists-parent and or-anything-but), which the matcher sees as two branches, like a <c>$or</c>.
    /// </summary>
    private static List<BranchBuilder> AddValueArray(List<BranchBuilder> branches, string path, IReadOnlyList<ValueMatcher> matchers, PatternOptions options)
    {
        var others = matchers.Where(m => m is not ExistsMatcher { ShouldExist: false }).ToArray();
        if (others.Length == matchers.Count || others.Length == 0)
        {
            var condition = new FieldCondition(path, others.Length == 0 ? [new ExistsMatcher(false)] : matchers);
            foreach (var branch in branches) branch.Add(condition);
            return branches;
        }

        var present = new FieldCondition(path, others);
        var absent = new FieldCondition(path, [new ExistsMatcher(false)]);
        var expanded = new List<BranchBuilder>(branches.Count * 2);
        foreach (var branch in branches)
        {
            var copy = branch.Copy();
            branch.Add(present);
            copy.Add(absent);
            expanded.Add(branch);
            expanded.Add(copy);
        }
        if (expanded.Count > options.MaxOrBranches)
            throw TooManyBranches(options, path);
        return expanded;
    }

    /// <summary>
    /// AWS treats <c>$or</c> as an OR only when it is an array of objects none of which uses a match keyword as a key;
    /// anything else is an ordinary field that happens to be called "$or". One object alone is refused, since it can
    /// only be a mistaken OR.
    /// </summary>
    private static bool IsOrRelationship(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Array) return false;
        var count = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object) return false;
            foreach (var p in item.EnumerateObject())
                if (ReservedKeywords.All.Contains(p.Name)) return false;
            count++;
        }

        if (count == 1) throw new InvalidEventPatternException("There must have at least 2 Objects in $or relationship.", path);
        return count >= 2;
    }

    private static IReadOnlyList<ValueMatcher> ParseValueArray(JsonElement array, string path)
    {
        var matchers = new List<ValueMatcher>();
        foreach (var item in array.EnumerateArray())
        {
            matchers.Add(item.ValueKind switch
            {
                JsonValueKind.String => new ExactStringMatcher(item.GetString()!),
                JsonValueKind.Number => ParseExactNumber(item),
                JsonValueKind.True => new LiteralMatcher(JsonLiteral.True),
                JsonValueKind.False => new LiteralMatcher(JsonLiteral.False),
                JsonValueKind.Null => new LiteralMatcher(JsonLiteral.Null),
                JsonValueKind.Object => ParseMatchExpression(item, path),
                _ => throw new InvalidEventPatternException("Match value must be String, number, true, false, or null", path),
            });
        }

        if (matchers.Count == 0) throw new InvalidEventPatternException("Empty arrays are not allowed", path);
        return matchers;
    }

    private static ExactNumberMatcher ParseExactNumber(JsonElement number)
    {
        var raw = number.GetRawText();
        var parsed = double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value);
        return new ExactNumberMatcher(raw, parsed ? (value == 0 ? 0 : value) : 0, parsed);
    }

    private static ValueMatcher ParseMatchExpression(JsonElement obj, string path)
    {
        var properties = obj.EnumerateObject().ToArray();
        if (properties.Length == 0) throw new InvalidEventPatternException("Match expression name not found", path);
        if (properties.Length > 1) throw new InvalidEventPatternException("Only one key allowed in match expression", path);
        var (name, value) = (properties[0].Name, properties[0].Value);
        switch (name)
        {
            case "exactly":
                return new ExactStringMatcher(RequireString(value, "exact match pattern must be a string", path));
            case "prefix":
            case "suffix":
            {
                var reason = name + " match pattern must be a string";
                string text;
                var ignoreCase = false;
                if (value.ValueKind == JsonValueKind.Object)
                {
                    var inner = value.EnumerateObject().ToArray();
                    if (inner.Length != 1 || inner[0].Name != "equals-ignore-case")
                        throw new InvalidEventPatternException($"Unsupported {name} pattern: only equals-ignore-case is allowed inside {name}", path);
                    text = RequireString(inner[0].Value, "equals-ignore-case match pattern must be a string", path);
                    ignoreCase = true;
                }
                else
                {
                    text = RequireString(value, reason, path);
                }

                return name == "prefix" ? new PrefixMatcher(text, ignoreCase) : new SuffixMatcher(text, ignoreCase);
            }
            case "equals-ignore-case":
                return new EqualsIgnoreCaseMatcher(RequireString(value, "equals-ignore-case match pattern must be a string", path));
            case "wildcard":
                return new WildcardMatcher(WildcardPattern.Parse(RequireString(value, "wildcard match pattern must be a string", path), path));
            case "numeric":
                if (value.ValueKind != JsonValueKind.Array)
                    throw new InvalidEventPatternException("Value of numeric must be an array.", path);
                return NumericExpressionParser.Parse(value, path);
            case "exists":
                return value.ValueKind switch
                {
                    JsonValueKind.True => new ExistsMatcher(true),
                    JsonValueKind.False => new ExistsMatcher(false),
                    _ => throw new InvalidEventPatternException("exists match pattern must be either true or false.", path),
                };
            case "cidr":
            {
                // AWS's own text for a non-string cidr says "prefix"; kept verbatim for compatibility.
                var text = RequireString(value, "prefix match pattern must be a string", path);
                return new CidrMatcher(IpAddressText.ParseCidr(text, path), text);
            }
            case "anything-but":
                return AnythingButParser.Parse(value, path);
            default:
                throw new InvalidEventPatternException("Unrecognized match type " + name, path);
        }
    }

    private static string RequireString(JsonElement value, string reason, string path) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new InvalidEventPatternException(reason, path);
}
