using Switchyard.Domain;
using Switchyard.Protocol;

namespace Switchyard.Api;

/// <summary>
/// The caller of a request in the domain's terms. An extension of the protocol's <see cref="RequestContext"/>, kept
/// here so the protocol layer stays below the domain (docs/architecture.md, "Layers").
/// </summary>
public static class RequestScope
{
    extension(RequestContext context)
    {
        /// <summary>The caller's account in the region it signed for: where its own resources live.</summary>
        public AccountRegion Scope => new(context.AccountId, context.Region);

        public string PrincipalArn => Arns.AccountRoot(context.AccountId);
    }
}
