using Switchyard.Domain;

namespace Switchyard.Diagnostics.Explain;

/// <summary>
/// Finds an event the server accepted recently by its id, so Explain can be asked about an event id alone. The
/// delivery module keeps the index; this is the narrow view Explain needs of it.
/// </summary>
public interface IRecentEventLookup
{
    bool TryFind(string eventId, out RecentEvent found);
}

/// <summary>An accepted event: the bus that took it and its envelope; <paramref name="Hop"/> is 1 when it came from another bus.</summary>
public sealed record RecentEvent(string EventId, AccountRegion BusScope, string BusName, byte[] Envelope, int Hop);

/// <summary>For a server that keeps no recent events: every id is unknown.</summary>
public sealed class NoRecentEvents : IRecentEventLookup
{
    public static readonly NoRecentEvents Instance = new();

    public bool TryFind(string eventId, out RecentEvent found)
    {
        found = null!;
        return false;
    }
}
