using Switchyard.Patterns.Matching;

namespace Switchyard.Patterns.Compilation;

/// <summary>
/// The writer side of a <see cref="PatternMatcher"/>: registers and unregisters rules, and publishes snapshots. Adding
/// a rule only registers its conditions and marks their paths dirty (O(size of the pattern)); the next publish
/// recompiles just the dirty paths. So a burst of adds costs one rebuild per touched path, not one per add, and paths
/// the burst did not touch keep their compiled index. Not thread-safe: the matcher serialises calls with a lock.
/// </summary>
internal sealed class MatcherBuilder
{
    private readonly Dictionary<string, CompiledRule> _rules = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PathRegistration> _paths = new(StringComparer.Ordinal);
    private readonly HashSet<PathRegistration> _dirtyPaths = [];
    private readonly HashSet<CompiledBranch> _absenceOnly = [];
    private readonly IdAllocator _ruleIds = new(), _branchIds = new(), _conditionIds = new(), _pathIds = new();
    private bool _pathSetChanged;
    private bool _absenceOnlyChanged;
    private MatcherSnapshot _published = MatcherSnapshot.Empty;

    public int Count => _rules.Count;

    public void Add(string name, EventPattern pattern)
    {
        Remove(name);
        var rule = new CompiledRule(name, _ruleIds.Next(), pattern);
        foreach (var source in pattern.Branches)
        {
            var branch = new CompiledBranch(rule, _branchIds.Next());
            var all = new List<CompiledCondition>();
            var positive = new List<CompiledCondition>();
            var absent = new List<int>();
            foreach (var fieldCondition in source.Conditions)
            {
                var path = GetOrAddPath(fieldCondition.Path);
                var condition = new CompiledCondition(branch, _conditionIds.Next(), fieldCondition);
                path.Conditions.Add(condition);
                _dirtyPaths.Add(path);
                all.Add(condition);
                if (fieldCondition.IsAbsence) absent.Add(path.Id);
                else positive.Add(condition);
            }

            branch.Conditions = all.ToArray();
            branch.Positive = positive.ToArray();
            foreach (var condition in positive)
            {
                condition.BranchPositiveCount = positive.Count;
                condition.CompletesBranchAlone = positive.Count == 1 && absent.Count == 0;
            }
            branch.AbsentPathIds = absent.ToArray();
            if (branch.Positive.Length == 0)
            {
                _absenceOnly.Add(branch);
                _absenceOnlyChanged = true;
            }

            rule.Branches.Add(branch);
        }

        _rules[name] = rule;
    }

    public bool Remove(string name)
    {
        if (!_rules.Remove(name, out var rule)) return false;
        foreach (var branch in rule.Branches)
        {
            foreach (var condition in branch.Conditions) Unregister(condition.Source.Path, condition);
            if (_absenceOnly.Remove(branch)) _absenceOnlyChanged = true;
            _branchIds.Free(branch.Id);
        }

        _ruleIds.Free(rule.Id);
        return true;
    }

    public bool IsDirty => _dirtyPaths.Count > 0 || _pathSetChanged || _absenceOnlyChanged;

    /// <summary>Recompiles the dirty paths and returns the new snapshot (the previous one stays valid for readers).</summary>
    public MatcherSnapshot Publish()
    {
        if (!IsDirty) return _published;
        foreach (var path in _dirtyPaths)
            if (path.Conditions.Count > 0) path.Index = FieldIndexBuilder.Build(path.Conditions);
        _dirtyPaths.Clear();

        var fields = new FieldIndex?[_pathIds.Capacity];
        var anythingButCapacity = 0;
        foreach (var path in _paths.Values)
        {
            fields[path.Id] = path.Index;
            anythingButCapacity = Math.Max(anythingButCapacity, path.Index?.AnythingBut.Length ?? 0);
        }

        var root = _pathSetChanged ? PathNode.BuildRoot(_paths.Values.Select(p => (p.Path, p.Id))) : _published.Root;
        var absenceOnly = _absenceOnlyChanged ? _absenceOnly.ToArray() : _published.AbsenceOnly;
        _pathSetChanged = false;
        _absenceOnlyChanged = false;
        _published = new MatcherSnapshot(root, fields, absenceOnly, _pathIds.Capacity, _conditionIds.Capacity,
            _branchIds.Capacity, _ruleIds.Capacity, anythingButCapacity, _rules.Count == 0);
        return _published;
    }

    private PathRegistration GetOrAddPath(string path)
    {
        if (_paths.TryGetValue(path, out var registration)) return registration;
        registration = new PathRegistration(path, _pathIds.Next());
        _paths[path] = registration;
        _pathSetChanged = true;
        return registration;
    }

    private void Unregister(string pathName, CompiledCondition condition)
    {
        var path = _paths[pathName];
        path.Conditions.Remove(condition);
        _conditionIds.Free(condition.Id);
        if (path.Conditions.Count == 0)
        {
            _paths.Remove(pathName);
            _dirtyPaths.Remove(path);
            _pathIds.Free(path.Id);
            _pathSetChanged = true;
        }
        else
        {
            _dirtyPaths.Add(path);
        }
    }
}
