using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Switchyard.Delivery.Journal;
using Switchyard.Diagnostics;
using Switchyard.Diagnostics.Advisor;
using Switchyard.Diagnostics.Explain;
using Switchyard.Diagnostics.Organizations;

namespace Switchyard.Hosting;

/// <summary>
/// The admin endpoints under <c>/_switchyard/</c> beyond health and reset: explain, lint and reload (see
/// docs/explain.md), and the advisor's log warnings. Built from the server's services here, so the wiring stays
/// out of <see cref="ServerApp"/>.
/// </summary>
public static class AdminEndpoints
{
    public static void MapAdminEndpoints(this WebApplication app)
    {
        var services = app.Services;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Switchyard.Admin");
        var caller = ActivatorUtilities.CreateInstance<AdminCaller>(services);
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

        // Typed as RequestDelegate: served as they are. As lambdas over HttpContext the request-delegate generator
        // (needed for NativeAOT) would try to intercept them as Delegate handlers, which does not compile (CS9144).
        app.MapPost("/_switchyard/explain", (RequestDelegate)(http => Answer(http, logger, body =>
        {
            var identity = caller.Authenticate(http, body);
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
            if (identity.Restricted && request.Account is { } account && account != identity.Account)
                throw new DiagnosticsException(403, $"the request is signed for account {identity.Account}, not {account}");
            var report = explainer.Explain(request with { Account = request.Account ?? identity.Account },
                identity.Restricted ? identity.Account : null);
            return Results.Json(report, DiagnosticsJsonContext.Default.ExplainReport);
        })));

        app.MapGet("/_switchyard/lint", (RequestDelegate)(http => Answer(http, logger, body =>
        {
            var identity = caller.Authenticate(http, body);
            var account = identity.Restricted ? identity.Account : http.Request.Query["account"].FirstOrDefault();
            return Results.Json(linter.Lint(account), DiagnosticsJsonContext.Default.LintReport);
        })));

        app.MapPost("/_switchyard/reload", (RequestDelegate)(http => Answer(http, logger, body =>
        {
            caller.Authenticate(http, body);
            var organizations = reloader.Reload();
            var answer = new ReloadAnswer(reloader.ConfigFile!, organizations
                .Select(o => new OrganizationView(o.Id, o.ManagementAccount, o.Accounts.Order(StringComparer.Ordinal).ToList()))
                .ToList());
            return Results.Json(answer, DiagnosticsJsonContext.Default.ReloadAnswer);
        })));
    }

    /// <summary>Reads the body, runs the handler and turns a <see cref="DiagnosticsException"/> into <c>{"error": ...}</c>.</summary>
    private static async Task Answer(HttpContext http, ILogger logger, Func<byte[], IResult> handle)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        IResult result;
        try
        {
            result = handle(buffer.ToArray());
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
