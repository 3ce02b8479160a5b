using Switchyard.Domain;
using Switchyard.Domain.Buses;
using Switchyard.Protocol;

namespace Switchyard.Api;

/// <summary>Until rules exist on this server, no bus has dependents and only buses carry tags.</summary>
public sealed class NoBusDependents : IBusDependents
{
    public bool HasRules(AccountRegion scope, string busName) => false;
}

public sealed class NoOtherTaggableResources : ITaggableResources
{
    public IReadOnlyList<ResourceTag>? GetTags(string arn, RequestContext context) => null;
    public bool ChangeTags(string arn, RequestContext context, Func<IReadOnlyList<ResourceTag>, List<ResourceTag>> change) => false;
}
