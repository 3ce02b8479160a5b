using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Switchyard.Domain.Rules;
using Switchyard.Patterns;

namespace Switchyard.Domain.Routing;

/// <summary>
/// One compiled matcher per event bus holding the patterns of its enabled rules, kept in step with the rule catalog.
/// Matching an event costs the same however many rules the bus has (see Switchyard.Patterns).
/// </summary>
public sealed class BusRouter : IRuleObserver
{
    private readonly ConcurrentDictionary<(AccountRegion Scope, string Bus), PatternMatcher> _matchers = new();
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
            if (_matchers.TryGetValue((before.Scope, before.BusName), out var old)) old.Remove(before.Name);
        }
        if (after is not null && Routes(after))
        {
            try
            {
                var matcher = _matchers.GetOrAdd((after.Scope, after.BusName), _ => new PatternMatcher());
                matcher.Add(after.Name, EventPattern.Parse(after.EventPattern!, new PatternOptions { MaxPatternLength = int.MaxValue }));
            }
            catch (InvalidEventPatternException error)
            {
                // Patterns are validated before they are stored; one that no longer parses (a stricter parser after
                // an upgrade) must not stop the server, so it is left out and reported.
                _logger.LogError("rule {RuleArn} has a pattern that does not parse and will not match: {Reason}", after.Arn, error.Message);
            }
        }
    }

    /// <summary>Adds the names of the bus's rules that match the event to <paramref name="matched"/>.</summary>
    public void Match(AccountRegion scope, string busName, ReadOnlySpan<byte> envelope, ICollection<string> matched)
    {
        if (_matchers.TryGetValue((scope, busName), out var matcher)) matcher.Match(envelope, matched);
    }

    private static bool Routes(Rule rule) => rule.IsEnabled && rule.EventPattern is not null;
}
