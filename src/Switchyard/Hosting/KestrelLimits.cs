using Microsoft.AspNetCore.Server.Kestrel.Core;
using Switchyard.Settings;

namespace Switchyard.Hosting;

/// <summary>
/// The HTTP server's limits, explicit rather than Kestrel's defaults (30 MB bodies, no connection limit): a body
/// larger than the largest valid request is refused before it is read, slow or idle clients are cut off, and the
/// number of open connections is bounded, so memory does not grow with what clients send or hold open.
/// </summary>
public static class KestrelLimits
{
    public static void Apply(KestrelServerLimits kestrel, ServiceLimits limits)
    {
        kestrel.MaxRequestBodySize = limits.MaxRequestBodyBytes;
        kestrel.RequestHeadersTimeout = TimeSpan.FromSeconds(limits.RequestHeadersTimeoutSeconds);
        kestrel.KeepAliveTimeout = TimeSpan.FromSeconds(limits.KeepAliveTimeoutSeconds);
        kestrel.MinRequestBodyDataRate = limits.MinRequestBodyBytesPerSecond == 0
            ? null
            : new MinDataRate(limits.MinRequestBodyBytesPerSecond, gracePeriod: TimeSpan.FromSeconds(5));
        kestrel.MaxConcurrentConnections = limits.MaxConnections;
        // Headers: Kestrel's 32 KiB total / 8 KiB request line stay; a signed AWS request needs about 2 KiB.
    }
}
