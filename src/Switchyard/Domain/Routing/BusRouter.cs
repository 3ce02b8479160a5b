using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Switchyard.Domain.Rules;
using Switchyard.Patterns;

namespace Switchyard.Domain.Routing;

/// <summary>
/// One compiled matcher per event bus holding the patterns of its enabled rules, kept in step with the rule catalog.
/// Matching an event costs the same however many rules the bus has (see Switchyard.Patterns).
/// The bus's routed rules are kept by name beside its matcher, so a match is turned into its rule without asking
/// the catalog (whose lookup builds a composite key string: a third of a PutEvents call's allocations when a third
/// of a hundred rules matched each event).
/// </summary>
public sealed class BusRouter : IRuleObserver
{
    private sealed class BusRoutes
    {
        public readonly PatternMatcher Matcher = new();
        public readonly ConcurrentDictionary<string, Rule> Rules = new(StringComparer.Ordinal);
    }

    private readonly ConcurrentDictionary<(AccountRegion Scope, string Bus), BusRoutes> _buses = new();

    [ThreadStatic]
    private static List<string>? t_names;
    private readonly ILogger<BusRouter> _logger;

    public BusRouter(RuleCatalog rules, ILogger<BusRouter> logger)
    {
        _logger = logger;
        rules.Observe(this);
    }

    public void RuleChanged(Rule? before, Rule? after)
    {
        if (before is not null && (after is null || !Routes(after)))
        {
            if (_buses.TryGetValue((before.Scope, before.BusName), out var old))
            {
                old.Matcher.Remove(before.Name);
                old.Rules.TryRemove(before.Name, out _);
            }
        }
        if (after is not null && Routes(after))
        {
            try
            {
                var routes = _buses.GetOrAdd((after.Scope, after.BusName), _ => new BusRoutes());
                // The rule first, then its pattern: a match found in between must find the rule.
                routes.Rules[after.Name] = after;
                routes.Matcher.Add(after.Name, EventPattern.Parse(after.EventPattern!, new PatternOptions { MaxPatternLength = int.MaxValue }));
            }
            catch (InvalidEventPatternException error)
            {
                // Patterns are validated before they are stored; one that no longer parses (a stricter parser after
                // an upgrade) must not stop the server, so it is left out and reported.
                _logger.LogError("rule {RuleArn} has a pattern that does not parse and will not match: {Reason}", after.Arn, error.Message);
            }
        }
    }

    /// <summary>Adds the bus's rules (as they are now) that match the event to <paramref name="matched"/>.</summary>
    public void Match(AccountRegion scope, string busName, ReadOnlySpan<byte> envelope, List<Rule> matched)
    {
        if (!_buses.TryGetValue((scope, busName), out var routes)) return;
        var names = t_names ??= new List<string>(16);
        names.Clear();
        routes.Matcher.Match(envelope, names);
        foreach (var name in names)
        {
            if (routes.Rules.TryGetValue(name, out var rule)) matched.Add(rule);
        }
    }

    private static bool Routes(Rule rule) => rule.IsEnabled && rule.EventPattern is not null;
}
