using Switchyard.Storage.Catalog;

namespace Switchyard.Domain.Rules;

/// <summary>
/// All rules of all buses, over the generic <see cref="ResourceCatalog{T}"/>: lock-free reads from its cache, changes
/// as compare-and-swap writes to the store (retried on a concurrent change), announced to the observers that keep
/// derived structures (the bus routers, the scheduler) in step when the change feed applies them.
/// A rule is stored under the name "busName/ruleName": rule names have no '/', so the last one separates them.
/// </summary>
public sealed class RuleCatalog
{
    public const string StateKind = "rule";

    // Bus names have at most 256 characters and rule names 64: every valid stored name fits.
    private const int MaxStackName = 321;

    private readonly ResourceCatalog<Rule> _rules;

    public RuleCatalog(ChangeFeedPump pump)
    {
        _rules = new ResourceCatalog<Rule>(pump, StateKind, DomainJsonContext.Default.Rule, ApiErrors.ConcurrentModification);
    }

    /// <summary>Registers an observer and replays every existing rule to it.</summary>
    public void Observe(IRuleObserver observer) => _rules.Observe(observer.RuleChanged, replayExisting: true);

    public bool TryGet(AccountRegion scope, string busName, string name, out Rule rule)
    {
        // Every delivery looks its rule up: the stored name is composed on the stack, not as a new string.
        var length = busName.Length + 1 + name.Length;
        if (length > MaxStackName) return _rules.TryGet(scope.AccountId, scope.Region, StoredName(busName, name), out rule);
        Span<char> stored = stackalloc char[length];
        busName.CopyTo(stored);
        stored[busName.Length] = '/';
        name.CopyTo(stored[(busName.Length + 1)..]);
        return _rules.TryGet(scope.AccountId, scope.Region, stored, out rule);
    }

    public Rule Get(AccountRegion scope, string busName, string name) =>
        TryGet(scope, busName, name, out var rule) ? rule : throw RuleNotFound(name, busName);

    public IReadOnlyList<Rule> List(AccountRegion scope, string busName) =>
        OnBus(scope, busName).OrderBy(r => r.Name, StringComparer.Ordinal).ToList();

    /// <remarks>Exact for the writers of one process (they take turns); see <see cref="EventBusCatalog.Create"/>.</remarks>
    public int CountOnBus(AccountRegion scope, string busName) => OnBus(scope, busName).Count();

    public IEnumerable<Rule> All => _rules.All;

    /// <summary>
    /// Creates or replaces a rule. <paramref name="change"/> gets the current rule (or null) and returns the new one;
    /// it may throw to refuse, and runs again if another process changed the rule meanwhile.
    /// </summary>
    public Rule Put(AccountRegion scope, string busName, string name, Func<Rule?, Rule> change) =>
        _rules.Change(scope.AccountId, scope.Region, StoredName(busName, name), current => change(current))!;

    public Rule Update(AccountRegion scope, string busName, string name, Func<Rule, Rule> change) =>
        Put(scope, busName, name, current => change(current ?? throw RuleNotFound(name, busName)));

    /// <summary>Deletes a rule (no error when it does not exist, as AWS); the check may throw to refuse.</summary>
    public void Delete(AccountRegion scope, string busName, string name, Action<Rule>? check = null) =>
        _rules.Change(scope.AccountId, scope.Region, StoredName(busName, name), current =>
        {
            if (current is null) return null;
            check?.Invoke(current);
            return null;
        });

    public static Exception RuleNotFound(string name, string busName) =>
        ApiErrors.NotFound($"Rule {name} does not exist on EventBus {busName}.");

    private IEnumerable<Rule> OnBus(AccountRegion scope, string busName) =>
        _rules.InScope(scope.AccountId, scope.Region).Where(r => r.BusName == busName);

    private static string StoredName(string busName, string name) => $"{busName}/{name}";
}

/// <summary>Keeps something derived from the rules (a router, a schedule) current. Called on the thread applying the
/// change feed, one change at a time in commit order, for changes made here or by another process.</summary>
public interface IRuleObserver
{
    void RuleChanged(Rule? before, Rule? after);
}
