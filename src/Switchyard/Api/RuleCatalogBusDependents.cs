using Switchyard.Domain;
using Switchyard.Domain.Rules;

namespace Switchyard.Api;

/// <summary>A bus with rules cannot be deleted, as on AWS.</summary>
public sealed class RuleCatalogBusDependents(RuleCatalog rules) : IBusDependents
{
    public bool HasRules(AccountRegion scope, string busName) => rules.CountOnBus(scope, busName) > 0;
}
