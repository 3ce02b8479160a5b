using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Switchyard.Delivery.Metrics;
using Switchyard.Settings;

namespace Switchyard.Hosting;

/// <summary>
/// Serves <c>GET /metrics</c> in Prometheus text format. Added as a startup filter by the delivery module's
/// registration. The metrics name every account's buses and rules, so strict mode wants an admin signature or the
/// configured bearer token (<see cref="AdminAccess.ForMetrics"/>). After the server's own
/// series come prometheus-net's defaults (process CPU, memory, file descriptors; .NET runtime counters and meters),
/// which live in its process-wide default registry.
/// </summary>
public sealed class MetricsEndpoint(DeliveryMetrics metrics, JournalGauges journalGauges, NodeGauges nodeGauges, AdminAccess access, ServiceLimits limits) : IStartupFilter
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
            Protocol.RequestBody body;
            try
            {
                body = await Protocol.RequestBody.ReadAsync(context.Request, limits.MaxRequestBodyBytes, context.RequestAborted);
            }
            catch (Protocol.RequestBodyRefusedException refusal)
            {
                await Protocol.RequestBody.WriteRefusalAsync(context, refusal);
                return;
            }
            if (access.ForMetrics(context, body) is AdminAccess.Refused refused)
            {
                await AdminAccess.WriteAsync(context, refused);
                return;
            }
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            _ = journalGauges; // registered on the server's registry when constructed
            _ = nodeGauges;
            await metrics.Registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
            await Prometheus.Metrics.DefaultRegistry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
        });
        next(app);
    };
}
