using Switchyard.Patterns.Model;
using Switchyard.Patterns.Text;

namespace Switchyard.Patterns.Parsing;

/// <summary>
/// AWS refuses a pattern whose wildcards on one field could leave its matcher in too many states at once ("Rule is too
/// complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character").
/// The measure is the one of AWS's engine (event-ruler's MachineComplexityEvaluator): build the byte automaton of the
/// field's wildcard values (the quoted string, as event-ruler matches it; literal prefixes shared up to the first star,
/// separate after it) and find the input that keeps the most wildcard patterns alive at once, each live state counting
/// the patterns it can still complete. Calibrated on recorded AWS answers: <c>*:*:*:*:*:event-bus/*</c> is refused
/// (LocalStack's AWS-validated content_wildcard_complex_EXC); <c>*.bif</c>, <c>*.tiff</c>, <c>*.tif</c>, <c>*.svs</c>
/// together are accepted, and <c>*/datasync/*.bif</c>, <c>.tif</c>, <c>.tiff</c>, <c>.svs</c> together refused while
/// two of them pass (a Terraform project's record of AWS's answers). Only patterns with wildcards pay for this.
/// </summary>
internal static class WildcardComplexity
{
    public const string Reason =
        "Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character";

    private const int Star = 256;

    // Exploring the sets of live states is bounded; a pattern that needs more exploration than this is refused as complex.
    private const int MaxExploredSets = 20_000;

    public static void Check(IReadOnlyList<PatternBranch> branches, int limit)
    {
        Dictionary<string, List<(string Identity, WildcardPattern Pattern)>>? byPath = null;
        var seen = new HashSet<FieldCondition>(ReferenceEqualityComparer.Instance);
        foreach (var branch in branches)
        {
            foreach (var condition in branch.Conditions)
            {
                if (!seen.Add(condition)) continue; // $or copies share their conditions
                foreach (var matcher in condition.Matchers)
                {
                    switch (matcher)
                    {
                        case WildcardMatcher w when w.Pattern.HasStar:
                            Add(ref byPath, condition.Path, w.Describe(), w.Pattern);
                            break;
                        case AnythingButMatcher { Kind: AnythingButKind.Wildcard } a:
                            foreach (var pattern in a.Wildcards)
                                if (pattern.HasStar) Add(ref byPath, condition.Path, a.Describe(), pattern);
                            break;
                    }
                }
            }
        }

        if (byPath is null) return;
        foreach (var (_, patterns) in byPath)
            if (Measure(patterns, limit) > limit) throw new InvalidEventPatternException(Reason);
    }

    private static void Add(ref Dictionary<string, List<(string, WildcardPattern)>>? byPath, string path, string identity, WildcardPattern pattern)
    {
        byPath ??= new Dictionary<string, List<(string, WildcardPattern)>>(StringComparer.Ordinal);
        if (!byPath.TryGetValue(path, out var list)) byPath[path] = list = [];
        list.Add((identity, pattern));
    }

    private sealed class State
    {
        public Dictionary<int, List<int>>? Literal;
        public List<int>? Any;
        public HashSet<string>? Weight;
        public Dictionary<int, int>? Prefix;
        public int StarState;
    }

    /// <summary>The largest number of still-completable wildcard patterns, summed over the states one input reaches.</summary>
    internal static int Measure(IReadOnlyList<(string Identity, WildcardPattern Pattern)> patterns, int limit)
    {
        var states = new List<State> { new() };
        var terminals = new Dictionary<string, int>(StringComparer.Ordinal);
        var alphabet = new HashSet<int>();
        foreach (var (identity, pattern) in patterns)
        {
            var tokens = Tokens(pattern);
            int current = 0, previous = -1;
            var determinate = true;
            for (var i = 0; i < tokens.Count; i++)
            {
                var token = tokens[i];
                var terminal = i == tokens.Count - 1;
                var next = 0;
                if (terminal) next = terminals.GetValueOrDefault(identity);
                else if (token == Star)
                {
                    if (determinate)
                    {
                        next = states[current].StarState;
                        if (next == 0) states[current].StarState = states.Count;
                    }
                    determinate = false;
                }
                else if (determinate) next = states[current].Prefix?.GetValueOrDefault(token) ?? 0;

                var created = next == 0;
                if (created)
                {
                    next = states.Count;
                    states.Add(new State());
                    if (terminal) terminals[identity] = next;
                    else if (determinate) (states[current].Prefix ??= [])[token] = next;
                }

                if (token == Star)
                {
                    // A star state loops on every byte and is reachable from the state before it on every byte.
                    if (states[next].Any is null or { Count: 0 })
                    {
                        (states[current].Any ??= []).Add(next);
                        states[next].Any = [next];
                    }
                }
                else if (terminal || created)
                {
                    alphabet.Add(token);
                    AddLiteral(states[current], token, next);
                    // The byte after a star can also be read while still in the state before the star (star matches nothing).
                    if (i > 0 && tokens[i - 1] == Star) AddLiteral(states[previous], token, next);
                }

                (states[next].Weight ??= new HashSet<string>(StringComparer.Ordinal)).Add(identity);
                previous = current;
                current = next;
            }
        }

        if (states.Count == 1) return 0;
        var bytes = new List<int> { Star }; // one representative for every byte without a literal transition
        bytes.AddRange(alphabet);
        var pending = new Stack<int[]>();
        pending.Push([0]);
        var explored = new HashSet<string>(StringComparer.Ordinal);
        var maximum = 0;
        var reached = new HashSet<int>();
        while (pending.Count > 0)
        {
            var active = pending.Pop();
            foreach (var b in bytes)
            {
                reached.Clear();
                foreach (var id in active)
                {
                    if (states[id].Any is { } any) reached.UnionWith(any);
                    if (b != Star && states[id].Literal?.GetValueOrDefault(b) is { } targets) reached.UnionWith(targets);
                }
                if (reached.Count == 0) continue;
                var complexity = 0;
                foreach (var id in reached)
                {
                    complexity += states[id].Weight?.Count ?? 0;
                    if (states[id].Any is { } any)
                        foreach (var star in any)
                            if (!reached.Contains(star)) complexity += states[star].Weight?.Count ?? 0;
                }
                if (complexity > limit) return complexity;
                maximum = Math.Max(maximum, complexity);
                var sorted = reached.ToArray();
                Array.Sort(sorted);
                if (explored.Add(string.Join(',', sorted)))
                {
                    if (explored.Count > MaxExploredSets) return limit + 1;
                    pending.Push(sorted);
                }
            }
        }
        return maximum;
    }

    private static void AddLiteral(State state, int token, int target)
    {
        state.Literal ??= [];
        if (!state.Literal.TryGetValue(token, out var list)) state.Literal[token] = list = [];
        list.Add(target);
    }

    /// <summary>The UTF-8 bytes the engine walks: the opening quote, the pieces separated by stars, the closing quote.</summary>
    private static List<int> Tokens(WildcardPattern pattern)
    {
        var tokens = new List<int> { '"' };
        for (var i = 0; i < pattern.Pieces.Length; i++)
        {
            if (i > 0) tokens.Add(Star);
            foreach (var b in pattern.Pieces[i]) tokens.Add(b);
        }
        tokens.Add('"');
        return tokens;
    }
}
