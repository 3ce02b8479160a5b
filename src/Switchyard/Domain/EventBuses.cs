namespace Switchyard.Domain;

public static class EventBuses
{
    public const string DefaultBusName = "default";
}
