using Switchyard.Delivery;

namespace Switchyard.Tests.Schedules;

/// <summary>
/// A fact that needs the delivery engine (an <see cref="IEventSink"/> implementation in the server) and is skipped,
/// saying so, on a branch where the engine has not been merged yet; it runs by itself once it is.
/// </summary>
public sealed class RequiresDeliveryEngineFactAttribute : FactAttribute
{
    public RequiresDeliveryEngineFactAttribute()
    {
        var hasSink = typeof(IEventSink).Assembly.GetTypes().Any(t => t is { IsClass: true, IsAbstract: false } && typeof(IEventSink).IsAssignableFrom(t));
        if (!hasSink) Skip = "the delivery engine (an IEventSink) is not in this build";
    }
}
