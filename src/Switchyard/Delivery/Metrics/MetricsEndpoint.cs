using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Switchyard.Delivery.Metrics;

/// <summary>
/// Serves <c>GET /metrics</c> in Prometheus text format. Added as a startup filter so the delivery module brings its
/// endpoint along with its services. After the server's own series come prometheus-net's defaults (process CPU,
/// memory, file descriptors; .NET runtime counters and meters), which live in its process-wide default registry.
/// </summary>
public sealed class MetricsEndpoint(DeliveryMetrics metrics, JournalGauges journalGauges) : IStartupFilter
{
    public const string Path = "/metrics";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, following) =>
        {
            if (!HttpMethods.IsGet(context.Request.Method) || context.Request.Path != Path)
            {
                await following(context);
                return;
            }
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            _ = journalGauges; // registered on the server's registry when constructed
            await metrics.Registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
            await Prometheus.Metrics.DefaultRegistry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
        });
        next(app);
    };
}
