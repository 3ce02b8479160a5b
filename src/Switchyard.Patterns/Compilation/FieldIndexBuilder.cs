using Switchyard.Patterns.Matching;
using Switchyard.Patterns.Model;

namespace Switchyard.Patterns.Compilation;

/// <summary>Compiles the conditions registered on one path into its <see cref="FieldIndex"/>.</summary>
internal static class FieldIndexBuilder
{
    /// <summary>Returns null when the path only carries exists:false conditions (presence is all that matters then).</summary>
    public static FieldIndex? Build(IEnumerable<CompiledCondition> conditions)
    {
        var positive = new ValueIndexBuilder<CompiledCondition>();
        var exclusions = new ValueIndexBuilder<AnythingButEntry>();
        var anythingBut = new List<AnythingButEntry>();
        var any = false;
        foreach (var condition in conditions)
        {
            if (condition.Source.IsAbsence) continue;
            any = true;
            foreach (var matcher in condition.Source.Matchers)
            {
                switch (matcher)
                {
                    case ExactStringMatcher m: positive.AddExact(m.Utf8, condition); break;
                    case ExactNumberMatcher m:
                        if (m.IsFinite) positive.AddNumber(m.Value, condition);
                        positive.AddNumberLiteral(m.LiteralUtf8, condition);
                        break;
                    case LiteralMatcher m: positive.AddLiteral(m.Literal, condition); break;
                    case PrefixMatcher m: positive.AddPrefix(m.Key, m.IgnoreCase, condition); break;
                    case SuffixMatcher m: positive.AddSuffix(m.Key, m.IgnoreCase, condition); break;
                    case EqualsIgnoreCaseMatcher m: positive.AddFoldedExact(m.Key, condition); break;
                    case WildcardMatcher m: positive.AddWildcard(m.Pattern, condition); break;
                    case NumericRangeMatcher m: positive.AddRange(m.Range, condition); break;
                    case ExistsMatcher: positive.AddAnyValue(condition); break;
                    case CidrMatcher m: positive.AddCidr(m.Range, condition); break;
                    case AnythingButMatcher m:
                        var entry = new AnythingButEntry(condition, anythingBut.Count);
                        anythingBut.Add(entry);
                        AddExclusions(exclusions, m, entry);
                        break;
                    default: throw new InvalidOperationException("unknown matcher " + matcher.GetType().Name);
                }
            }
        }

        return any ? new FieldIndex(positive.Build(), exclusions.Build(), anythingBut.ToArray()) : null;
    }

    private static void AddExclusions(ValueIndexBuilder<AnythingButEntry> exclusions, AnythingButMatcher matcher, AnythingButEntry entry)
    {
        switch (matcher.Kind)
        {
            case AnythingButKind.Values:
                foreach (var key in matcher.Keys) exclusions.AddExact(key, entry);
                foreach (var number in matcher.Numbers) exclusions.AddNumber(number, entry);
                break;
            case AnythingButKind.Prefix:
                foreach (var key in matcher.Keys) exclusions.AddPrefix(key, false, entry);
                break;
            case AnythingButKind.Suffix:
                foreach (var key in matcher.Keys) exclusions.AddSuffix(key, false, entry);
                break;
            case AnythingButKind.EqualsIgnoreCase:
                foreach (var key in matcher.Keys) exclusions.AddFoldedExact(key, entry);
                break;
            case AnythingButKind.Wildcard:
                foreach (var wildcard in matcher.Wildcards) exclusions.AddWildcard(wildcard, entry);
                break;
        }
    }
}
