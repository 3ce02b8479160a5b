using Switchyard.Domain;

namespace Switchyard.Api;

/// <summary>
/// Turns an EventBusName / EventBusNameOrArn member into the bus it names. A bare name is the caller's; an ARN
/// may name a bus of the caller's account in another region, and of another account only where a later
/// authorization step allows it.
/// </summary>
public static class BusReference
{
    public readonly record struct Resolved(AccountRegion Scope, string Name, bool IsForeign);

    public static Resolved Resolve(string? nameOrArn, Protocol.RequestContext context)
    {
        if (string.IsNullOrEmpty(nameOrArn)) return new(context.Scope, EventBuses.DefaultBusName, false);
        if (Arns.TryParse(nameOrArn, out var arn))
        {
            if (!Arns.TryGetEventBus(arn, out var bus))
                throw ApiErrors.Validation($"Parameter {nameOrArn} is not valid. Reason: Provided Arn is not in correct format.");
            return new(bus.Scope, bus.Name, bus.Scope.AccountId != context.AccountId);
        }
        return new(context.Scope, nameOrArn, false);
    }

    /// <summary>Resolves and refuses another account's bus (for operations no bus policy can grant).</summary>
    public static Resolved ResolveOwn(string? nameOrArn, Protocol.RequestContext context, string action)
    {
        var resolved = Resolve(nameOrArn, context);
        if (resolved.IsForeign)
            throw ApiErrors.AccessDenied(context.PrincipalArn, action, Arns.EventBus(resolved.Scope, resolved.Name));
        return resolved;
    }
}
