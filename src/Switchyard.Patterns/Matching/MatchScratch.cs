using Switchyard.Patterns.Compilation;

namespace Switchyard.Patterns.Matching;

/// <summary>
/// Per-thread working state of one match: which conditions and branches the event's values satisfied so far, the
/// values' array ancestry (for the array-consistency rule) and reusable buffers. Every per-id array is "stamped" with
/// the match serial instead of being cleared, so starting a match costs nothing however many rules exist, and after
/// warm-up a match allocates nothing.
/// </summary>
internal sealed class MatchScratch
{
    [ThreadStatic] private static MatchScratch? t_cached;

    public byte[] FoldBuffer = new byte[128];
    public byte[] StringBuffer = new byte[256];
    public byte[] KeyBuffer = new byte[64];

    private MatcherSnapshot _snapshot = MatcherSnapshot.Empty;
    private ICollection<string> _output = Array.Empty<string>();
    private int _serial;

    // Per condition id: satisfied in this match? and the list of occurrences (values) that satisfied it. The fields
    // of one id sit together so a hit costs one cache line, which matters once thousands of rules are loaded.
    private struct ConditionState
    {
        public int Stamp;
        public int Head;
        public int Last;
    }

    private ConditionState[] _conditions = [];

    // Per branch id: how many of its positive conditions are satisfied.
    private struct BranchState
    {
        public int Stamp;
        public int Count;
    }

    private BranchState[] _branches = [];

    // Per rule id: already reported in this match.
    private int[] _ruleStamp = [];

    // Per path id: present in this event? and its occurrences.
    private int[] _pathStamp = [];
    private int[] _pathHead = [];

    // Per anything-but slot: excluded by the current value.
    private int[] _exclusionStamp = [];
    private int _exclusionSerial;

    // Occurrences: one per event leaf on a path some pattern names.
    private int _occurrenceCount;
    private int[] _occurrencePath = new int[64];
    private int[] _ancestryStart = new int[64];
    private int[] _ancestryLength = new int[64];
    private int[] _nextOnPath = new int[64];

    // Ancestry of each occurrence: (array id, element index) pairs from the outermost array inwards.
    private int[] _ancestry = new int[256];
    private int _ancestryUsed;

    // Links from a condition to the occurrences satisfying it.
    private int[] _linkOccurrence = new int[64];
    private int[] _linkNext = new int[64];
    private int _linkCount;

    // The arrays the reader is currently inside.
    private int[] _arrayStack = new int[32];
    private int _arrayDepth;
    private int _nextArrayId;

    private CompiledBranch[] _completed = new CompiledBranch[16];
    private int _completedCount;

    private ValueBuffer<CompiledCondition> _hits = new(32);
    private ValueBuffer<AnythingButEntry> _excluded = new(16);

    /// <summary>Takes this thread's scratch (or a fresh one if a match is already running on this thread).</summary>
    public static MatchScratch Rent()
    {
        var scratch = t_cached;
        if (scratch is null) return new MatchScratch();
        t_cached = null;
        return scratch;
    }

    public static void Return(MatchScratch scratch)
    {
        scratch._snapshot = MatcherSnapshot.Empty;
        scratch._output = Array.Empty<string>();
        t_cached = scratch;
    }

    public void Begin(MatcherSnapshot snapshot, ICollection<string> matchedNames)
    {
        _snapshot = snapshot;
        _output = matchedNames;
        Ensure(ref _conditions, snapshot.ConditionCapacity);
        Ensure(ref _branches, snapshot.BranchCapacity);
        Ensure(ref _ruleStamp, snapshot.RuleCapacity);
        Ensure(ref _pathStamp, snapshot.PathCapacity);
        Ensure(ref _pathHead, snapshot.PathCapacity);
        Ensure(ref _exclusionStamp, snapshot.AnythingButCapacity);

        if (_serial == int.MaxValue)
        {
            // Serial wrapped: clear the stamps once so old values cannot collide.
            Array.Clear(_conditions); Array.Clear(_branches); Array.Clear(_ruleStamp); Array.Clear(_pathStamp);
            _serial = 0;
        }

        if (_exclusionSerial > int.MaxValue - 1_000_000)
        {
            Array.Clear(_exclusionStamp);
            _exclusionSerial = 0;
        }

        _serial++;
        _occurrenceCount = 0;
        _ancestryUsed = 0;
        _linkCount = 0;
        _arrayDepth = 0;
        _nextArrayId = 0;
        _completedCount = 0;
    }

    public void PushArray()
    {
        if (2 * _arrayDepth + 2 > _arrayStack.Length) Array.Resize(ref _arrayStack, _arrayStack.Length * 2);
        _arrayStack[2 * _arrayDepth] = _nextArrayId++;
        _arrayStack[2 * _arrayDepth + 1] = 0;
        _arrayDepth++;
    }

    public void SetArrayIndex(int index) => _arrayStack[2 * _arrayDepth - 1] = index;

    public void PopArray() => _arrayDepth--;

    /// <summary>Called by the reader for every leaf value on a path some pattern names.</summary>
    public void OnValue(int pathId, EventValueKind kind, ReadOnlySpan<byte> bytes)
    {
        var occurrence = RecordOccurrence(pathId);
        var field = _snapshot.Fields[pathId];
        if (field is null) return;

        var value = new EventValue(kind, bytes, this);
        _hits.Clear();
        field.Positive.Collect(ref value, ref _hits);

        var anythingBut = field.AnythingBut;
        if (anythingBut.Length > 0)
        {
            _excluded.Clear();
            field.Exclusions.Collect(ref value, ref _excluded);
            var serial = ++_exclusionSerial;
            for (var i = 0; i < _excluded.Count; i++) _exclusionStamp[_excluded.Items[i].Slot] = serial;
            foreach (var entry in anythingBut)
                if (_exclusionStamp[entry.Slot] != serial) _hits.Add(entry.Condition);
        }

        for (var i = 0; i < _hits.Count; i++) Satisfy(_hits.Items[i], occurrence);
    }

    private int RecordOccurrence(int pathId)
    {
        var occurrence = _occurrenceCount++;
        if (occurrence == _occurrencePath.Length)
        {
            var size = occurrence * 2;
            Array.Resize(ref _occurrencePath, size);
            Array.Resize(ref _ancestryStart, size);
            Array.Resize(ref _ancestryLength, size);
            Array.Resize(ref _nextOnPath, size);
        }

        _occurrencePath[occurrence] = pathId;
        _ancestryLength[occurrence] = _arrayDepth;
        _ancestryStart[occurrence] = _ancestryUsed;
        if (_arrayDepth > 0)
        {
            var length = 2 * _arrayDepth;
            if (_ancestryUsed + length > _ancestry.Length) Array.Resize(ref _ancestry, Math.Max(_ancestry.Length * 2, _ancestryUsed + length));
            Array.Copy(_arrayStack, 0, _ancestry, _ancestryUsed, length);
            _ancestryUsed += length;
        }

        if (_pathStamp[pathId] != _serial)
        {
            _pathStamp[pathId] = _serial;
            _pathHead[pathId] = -1;
        }

        _nextOnPath[occurrence] = _pathHead[pathId];
        _pathHead[pathId] = occurrence;
        return occurrence;
    }

    private void Satisfy(CompiledCondition condition, int occurrence)
    {
        if (condition.CompletesBranchAlone)
        {
            ref var reported = ref _ruleStamp[condition.RuleId];
            if (reported != _serial)
            {
                reported = _serial;
                _output.Add(condition.RuleName);
            }

            return;
        }

        ref var state = ref _conditions[condition.Id];
        if (state.Stamp != _serial)
        {
            state.Stamp = _serial;
            state.Head = -1;
            state.Last = -1;
            ref var branch = ref _branches[condition.BranchId];
            if (branch.Stamp != _serial)
            {
                branch.Stamp = _serial;
                branch.Count = 0;
            }

            if (++branch.Count == condition.BranchPositiveCount)
            {
                if (_completedCount == _completed.Length) Array.Resize(ref _completed, _completedCount * 2);
                _completed[_completedCount++] = condition.Branch;
            }
        }

        // Several tests of one condition can accept the same value; keep each value once per condition.
        if (state.Last == occurrence) return;
        state.Last = occurrence;
        if (_linkCount == _linkOccurrence.Length)
        {
            Array.Resize(ref _linkOccurrence, _linkCount * 2);
            Array.Resize(ref _linkNext, _linkCount * 2);
        }

        _linkOccurrence[_linkCount] = occurrence;
        _linkNext[_linkCount] = state.Head;
        state.Head = _linkCount++;
    }

    /// <summary>
    /// After the whole event was read: report every rule with a multi-condition or exists:false branch that holds
    /// (single-condition branches were reported as their value was read).
    /// </summary>
    public void Finish()
    {
        for (var i = 0; i < _completedCount; i++) Report(_completed[i]);
        foreach (var branch in _snapshot.AbsenceOnly) Report(branch);
    }

    private void Report(CompiledBranch branch)
    {
        var rule = branch.Rule;
        if (_ruleStamp[rule.Id] == _serial || !Holds(branch)) return;
        _ruleStamp[rule.Id] = _serial;
        _output.Add(rule.Name);
    }

    /// <summary>
    /// Whether the branch's satisfied conditions can be met by array-consistent values and its absence paths have no
    /// value consistent with them. The cheap cases (no arrays involved) are decided without search.
    /// </summary>
    private bool Holds(CompiledBranch branch)
    {
        var positive = branch.Positive;
        var absentPaths = branch.AbsentPathIds;
        var anyAbsentPresent = false;
        foreach (var path in absentPaths)
            if (_pathStamp[path] == _serial) { anyAbsentPresent = true; break; }

        if (positive.Length == 0) return !anyAbsentPresent;
        if (!anyAbsentPresent && (positive.Length == 1 || !AnyInsideArray(positive))) return true;

        Span<int> chosen = positive.Length <= 32 ? stackalloc int[positive.Length] : new int[positive.Length];
        return Choose(branch, 0, chosen);
    }

    private bool AnyInsideArray(CompiledCondition[] conditions)
    {
        foreach (var condition in conditions)
            for (var link = _conditions[condition.Id].Head; link >= 0; link = _linkNext[link])
                if (_ancestryLength[_linkOccurrence[link]] > 0) return true;
        return false;
    }

    /// <summary>Backtracking choice of one satisfying value per condition, pairwise array-consistent.</summary>
    private bool Choose(CompiledBranch branch, int k, Span<int> chosen)
    {
        var positive = branch.Positive;
        if (k == positive.Length) return AbsencesHold(branch, chosen);
        for (var link = _conditions[positive[k].Id].Head; link >= 0; link = _linkNext[link])
        {
            var occurrence = _linkOccurrence[link];
            if (!ConsistentWithAll(occurrence, chosen[..k])) continue;
            chosen[k] = occurrence;
            if (Choose(branch, k + 1, chosen)) return true;
        }

        return false;
    }

    private bool AbsencesHold(CompiledBranch branch, ReadOnlySpan<int> chosen)
    {
        foreach (var path in branch.AbsentPathIds)
        {
            if (_pathStamp[path] != _serial) continue;
            for (var occurrence = _pathHead[path]; occurrence >= 0; occurrence = _nextOnPath[occurrence])
                if (ConsistentWithAll(occurrence, chosen)) return false;
        }

        return true;
    }

    private bool ConsistentWithAll(int occurrence, ReadOnlySpan<int> chosen)
    {
        foreach (var other in chosen)
            if (!Consistent(occurrence, other)) return false;
        return true;
    }

    /// <summary>
    /// Two values are consistent unless they sit in different elements of one array. Their ancestry lists share a
    /// prefix of arrays (the arrays enclosing both); the first array where they diverge decides.
    /// </summary>
    private bool Consistent(int a, int b)
    {
        var n = Math.Min(_ancestryLength[a], _ancestryLength[b]);
        var pa = _ancestryStart[a];
        var pb = _ancestryStart[b];
        for (var i = 0; i < n; i++, pa += 2, pb += 2)
        {
            if (_ancestry[pa] != _ancestry[pb]) return true;
            if (_ancestry[pa + 1] != _ancestry[pb + 1]) return false;
        }

        return true;
    }

    private static void Ensure<T>(ref T[] array, int size)
    {
        if (array.Length < size) array = new T[Math.Max(size, array.Length * 2)];
    }
}
