using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Switchyard.Delivery.Metrics;

/// <summary>
/// Serves <c>GET /metrics</c> in Prometheus text format. Added as a startup filter so the delivery module brings its
/// endpoint along with its services.
/// </summary>
public sealed class MetricsEndpoint(DeliveryMetrics metrics) : IStartupFilter
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
            await metrics.Registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
        });
        next(app);
    };
}
