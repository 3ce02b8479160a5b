using Microsoft.AspNetCore.Http;
using Switchyard.Delivery.Journal;
using Switchyard.Settings;

namespace Switchyard.Hosting;

/// <summary>
/// <c>GET /health</c>: 200 when the server can take work, 503 when not, and in either case what was checked:
/// <c>{"status":"ok","checks":{"storage":"writable","journal":"open"}}</c>. Storage is checked by writing and
/// removing a small file in the data directory, so a full disk or a directory made read-only shows here.
/// </summary>
public sealed class HealthEndpoint(ServerOptions options, IEventJournal journal)
{
    public static IResult Handle(HealthEndpoint health) => health.Check();

    public IResult Check()
    {
        var storage = options.InMemory ? "in-memory" : StorageCheck();
        var journalState = journal.Status().Open ? "open" : "closed";
        var healthy = storage is "writable" or "in-memory" && journalState == "open";
        return Results.Json(new HealthReport(healthy ? "ok" : "failing", new HealthChecks(storage, journalState)),
            HostingJsonContext.Default.HealthReport, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private string StorageCheck()
    {
        // A name of its own per check: two health checks at once must not delete each other's probe.
        var path = Path.Combine(options.DataDirectory, $".health-probe-{Guid.NewGuid():N}");
        try
        {
            File.WriteAllBytes(path, [1]);
            File.Delete(path);
            return "writable";
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return $"not writable: {error.Message}";
        }
    }
}

public sealed record HealthReport(string Status, HealthChecks Checks);

public sealed record HealthChecks(string Storage, string Journal);
