using Switchyard.Storage;

namespace Switchyard.Domain.Rules;

/// <summary>
/// All rules of all buses. Reads are lock-free; changes are serialized, written through to the state store, and
/// then announced to the observers that keep derived structures (the bus routers, the scheduler) in step.
/// </summary>
public sealed class RuleCatalog : IResettableState
{
    public const string StateKind = "rule";

    private readonly PersistentCollection<Rule> _rules;
    private readonly object _writeGate = new();
    private readonly List<IRuleObserver> _observers = [];

    public RuleCatalog(IStateStore store)
    {
        _rules = new PersistentCollection<Rule>(store, StateKind, DomainJsonContext.Default.Rule, r => Key(r.Scope, r.BusName, r.Name));
    }

    /// <summary>Registers an observer and replays every existing rule to it.</summary>
    public void Observe(IRuleObserver observer)
    {
        lock (_writeGate)
        {
            _observers.Add(observer);
            foreach (var rule in _rules.Values) observer.RuleChanged(null, rule);
        }
    }

    public bool TryGet(AccountRegion scope, string busName, string name, out Rule rule) =>
        _rules.TryGet(Key(scope, busName, name), out rule);

    public Rule Get(AccountRegion scope, string busName, string name) =>
        TryGet(scope, busName, name, out var rule) ? rule : throw RuleNotFound(name, busName);

    public IReadOnlyList<Rule> List(AccountRegion scope, string busName) =>
        _rules.Values.Where(r => r.Scope == scope && r.BusName == busName).OrderBy(r => r.Name, StringComparer.Ordinal).ToList();

    public int CountOnBus(AccountRegion scope, string busName) => _rules.Values.Count(r => r.Scope == scope && r.BusName == busName);

    public IEnumerable<Rule> All => _rules.Values;

    /// <summary>
    /// Creates or replaces a rule under the write lock. <paramref name="change"/> gets the current rule (or null) and
    /// returns the new one; it may throw to refuse.
    /// </summary>
    public Rule Put(AccountRegion scope, string busName, string name, Func<Rule?, Rule> change)
    {
        lock (_writeGate)
        {
            TryGet(scope, busName, name, out var current);
            var updated = change(current);
            if (ReferenceEquals(updated, current)) return updated;
            _rules.Put(updated);
            Announce(current, updated);
            return updated;
        }
    }

    public Rule Update(AccountRegion scope, string busName, string name, Func<Rule, Rule> change) =>
        Put(scope, busName, name, current => change(current ?? throw RuleNotFound(name, busName)));

    /// <summary>Deletes a rule (no error when it does not exist, as AWS); the check may throw to refuse.</summary>
    public void Delete(AccountRegion scope, string busName, string name, Action<Rule>? check = null)
    {
        lock (_writeGate)
        {
            if (!TryGet(scope, busName, name, out var rule)) return;
            check?.Invoke(rule);
            _rules.Remove(Key(scope, busName, name));
            Announce(rule, null);
        }
    }

    public void Clear()
    {
        lock (_writeGate)
        {
            var all = _rules.Values.ToList();
            _rules.ClearMemory();
            foreach (var rule in all) Announce(rule, null);
        }
    }

    public static Exception RuleNotFound(string name, string busName) =>
        ApiErrors.NotFound($"Rule {name} does not exist on EventBus {busName}.");

    private void Announce(Rule? before, Rule? after)
    {
        foreach (var observer in _observers) observer.RuleChanged(before, after);
    }

    private static string Key(AccountRegion scope, string busName, string name) => $"{scope.AccountId}/{scope.Region}/{busName}/{name}";
}

/// <summary>Keeps something derived from the rules (a router, a schedule) current; called under the catalog's lock.</summary>
public interface IRuleObserver
{
    void RuleChanged(Rule? before, Rule? after);
}
