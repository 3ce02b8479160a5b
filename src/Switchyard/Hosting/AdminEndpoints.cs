using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Switchyard.Delivery.Journal;
using Switchyard.Diagnostics;
using Switchyard.Diagnostics.Advisor;
using Switchyard.Diagnostics.Explain;
using Switchyard.Diagnostics.Organizations;
using Switchyard.Protocol;
using Switchyard.Settings;

namespace Switchyard.Hosting;

/// <summary>
/// The admin endpoints under <c>/_switchyard/</c>: reset, explain, lint and reload (see docs/explain.md), the
/// Scheduler's test clock (<see cref="SchedulerClockAdmin"/>), and the advisor's log warnings. Each call passes
/// <see cref="AdminAccess"/> first (strict mode: admin accounts only). Built from the server's services here, so the
/// wiring stays out of <see cref="ServerApp"/>.
/// </summary>
public static class AdminEndpoints
{
    public static void MapAdminEndpoints(this WebApplication app, ServerOptions options)
    {
        var services = app.Services;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Switchyard.Admin");
        var access = services.GetRequiredService<AdminAccess>();
        var recentEvents = services.GetService<IRecentEventLookup>()
            ?? (services.GetService<RecentEventIndex>() is { } index ? new RecentEventIndexLookup(index) : NoRecentEvents.Instance);
        var explainer = ActivatorUtilities.CreateInstance<EventExplainer>(services,
            ActivatorUtilities.CreateInstance<AccessVerdicts>(services), recentEvents);
        var detector = new OpenGrantDetector();
        var linter = ActivatorUtilities.CreateInstance<PolicyLinter>(services, detector);
        // Made now so it observes the catalogs from the start.
        ActivatorUtilities.CreateInstance<OpenGrantWarnings>(services, detector);
        var reloader = ActivatorUtilities.CreateInstance<OrganizationsReloader>(services);
        app.Lifetime.ApplicationStarted.Register(reloader.Watch);
        app.Lifetime.ApplicationStopping.Register(reloader.Dispose);
        var reset = services.GetRequiredService<StateReset>();
        var schedulerTime = services.GetRequiredService<Scheduler.Firing.SchedulerTime>();
        var limit = options.Limits.MaxRequestBodyBytes;

        // Typed as RequestDelegate: served as they are. As lambdas over HttpContext the request-delegate generator
        // (needed for NativeAOT) would try to intercept them as Delegate handlers, which does not compile (CS9144).
        app.MapPost("/_switchyard/reset", (RequestDelegate)(http => Answer(http, access, limit, logger, (_, _) =>
        {
            if (!options.ResetEnabled)
                throw new DiagnosticsException(403, "reset is disabled on this server (enableReset)");
            reset.Reset();
            return Results.Json(new HealthStatus("reset"), HostingJsonContext.Default.HealthStatus);
        })));

        app.MapPost("/_switchyard/explain", (RequestDelegate)(http => Answer(http, access, limit, logger, (body, caller) =>
        {
            ExplainRequest? request;
            try
            {
                request = JsonSerializer.Deserialize(body, DiagnosticsJsonContext.Default.ExplainRequest);
            }
            catch (JsonException error)
            {
                throw new DiagnosticsException(400, $"the body is not a valid explain request: {error.Message}");
            }
            if (request is null) throw new DiagnosticsException(400, "the body must be a JSON object");
            // Admins (strict mode) and every caller in open mode may look at any account.
            var report = explainer.Explain(request with { Account = request.Account ?? caller.Account }, null);
            return Results.Json(report, DiagnosticsJsonContext.Default.ExplainReport);
        })));

        app.MapGet("/_switchyard/lint", (RequestDelegate)(http => Answer(http, access, limit, logger, (_, _) =>
            Results.Json(linter.Lint(http.Request.Query["account"].FirstOrDefault()), DiagnosticsJsonContext.Default.LintReport))));

        app.MapPost("/_switchyard/reload", (RequestDelegate)(http => Answer(http, access, limit, logger, (_, _) =>
        {
            var organizations = reloader.Reload();
            // No file name in the answer: the caller learns what was loaded, not where the server keeps its files.
            var answer = new ReloadAnswer(organizations
                .Select(o => new OrganizationView(o.Id, o.ManagementAccount, o.Accounts.Order(StringComparer.Ordinal).ToList()))
                .ToList());
            return Results.Json(answer, DiagnosticsJsonContext.Default.ReloadAnswer);
        })));

        app.MapGet("/_switchyard/scheduler/clock", (RequestDelegate)(http => Answer(http, access, limit, logger, (_, _) =>
            SchedulerClockAdmin.Read(schedulerTime))));

        app.MapPost("/_switchyard/scheduler/clock", (RequestDelegate)(http => Answer(http, access, limit, logger, (body, _) =>
            SchedulerClockAdmin.Move(schedulerTime, body, logger))));
    }

    /// <summary>
    /// Reads the body (bounded), checks the caller (<see cref="AdminAccess"/>), runs the handler and turns a
    /// <see cref="DiagnosticsException"/> into <c>{"error": ...}</c>.
    /// </summary>
    private static async Task Answer(HttpContext http, AdminAccess access, long limit, ILogger logger,
        Func<byte[], AdminAccess.Allowed, IResult> handle)
    {
        RequestBody body;
        try
        {
            body = await RequestBody.ReadAsync(http.Request, limit, http.RequestAborted);
        }
        catch (RequestBodyRefusedException refusal)
        {
            await RequestBody.WriteRefusalAsync(http, refusal);
            return;
        }
        var decision = access.ForAdmin(http, body);
        if (decision is AdminAccess.Refused refused)
        {
            await AdminAccess.WriteAsync(http, refused);
            return;
        }
        var caller = (AdminAccess.Allowed)decision;
        IResult result;
        try
        {
            result = handle(body.Bytes, caller);
        }
        catch (DiagnosticsException error)
        {
            result = Results.Json(new AdminError(error.Message), DiagnosticsJsonContext.Default.AdminError, statusCode: error.Status);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            logger.LogError(error, "{Path} failed", http.Request.Path);
            result = Results.Json(new AdminError($"internal error: {error.Message}"), DiagnosticsJsonContext.Default.AdminError, statusCode: 500);
        }
        await result.ExecuteAsync(http);
    }
}
