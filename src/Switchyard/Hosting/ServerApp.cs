using Microsoft.AspNetCore.Builder;
using Switchyard.Api;
using Switchyard.Domain;
using Switchyard.Domain.Buses;
using Switchyard.Protocol;
using Switchyard.Protocol.Auth;
using Switchyard.Storage;

namespace Switchyard.Hosting;

/// <summary>Wires the server together: storage, domain catalogs, operations and HTTP endpoints.</summary>
public static class ServerApp
{
    public static WebApplication Build(ServerOptions options, TimeProvider? time = null, Action<WebApplicationBuilder>? configure = null)
    {
        time ??= TimeProvider.System;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://{options.Host}:{options.Port}");
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            console.UseUtcTimestamp = true;
        });
        builder.Logging.SetMinimumLevel(Enum.TryParse<LogLevel>(options.LogLevel, ignoreCase: true, out var level) ? level : LogLevel.Information);
        // ASP.NET's own per-request lines drown the server's; keep them at warning unless asked for trace.
        if (level > LogLevel.Debug) builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(options.Limits);
        services.AddSingleton(time);
        services.AddSingleton<IStateStore>(_ => options.InMemory
            ? new InMemoryStateStore()
            : new SqliteStateStore(options.DataDirectory));
        services.AddSingleton(sp => new EventBusCatalog(sp.GetRequiredService<IStateStore>(), time, options.Limits.EventBusesPerRegion));
        services.AddSingleton<ICredentialStore>(new ConfiguredCredentialStore(options.Credentials));
        services.AddSingleton(sp => new SigV4Authenticator(
            options.Auth == AuthModeSetting.Strict ? AuthMode.Strict : AuthMode.Open,
            sp.GetRequiredService<ICredentialStore>(),
            options.DefaultAccount,
            time));
        services.AddSingleton<IBusDependents, NoBusDependents>();
        services.AddSingleton<ITaggableResources, NoOtherTaggableResources>();
        services.AddSingleton<IBusPolicyValidator, JsonBusPolicyValidator>();
        services.AddSingleton<EventBusOperations>();
        services.AddSingleton<PermissionOperations>();
        services.AddSingleton<TagOperations>();
        services.AddSingleton(sp =>
        {
            var registry = new OperationRegistry();
            sp.GetRequiredService<EventBusOperations>().Register(registry);
            sp.GetRequiredService<PermissionOperations>().Register(registry);
            sp.GetRequiredService<TagOperations>().Register(registry);
            return registry;
        });
        services.AddSingleton<AwsJsonEndpoint>();
        services.AddSingleton<StateReset>();
        configure?.Invoke(builder);

        var app = builder.Build();
        var endpoint = app.Services.GetRequiredService<AwsJsonEndpoint>();
        app.MapPost("/", endpoint.HandleAsync);
        app.MapGet("/health", () => Results.Json(new HealthStatus("ok"), HostingJsonContext.Default.HealthStatus));
        app.MapPost("/_switchyard/reset", (StateReset reset) =>
        {
            if (!options.ResetEnabled) return Results.StatusCode(StatusCodes.Status403Forbidden);
            reset.Reset();
            return Results.Json(new HealthStatus("reset"), HostingJsonContext.Default.HealthStatus);
        });

        // Resolve the state now, so a broken data directory fails at start and not on the first request.
        app.Services.GetRequiredService<OperationRegistry>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Switchyard");
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var storage = options.InMemory ? "in memory" : $"data in {Path.GetFullPath(options.DataDirectory)}";
            logger.LogInformation("Switchyard listening on {Url} (auth {Auth}, {Storage})",
                string.Join(", ", app.Urls), options.Auth.ToString().ToLowerInvariant(), storage);
        });
        app.Lifetime.ApplicationStopped.Register(() => app.Services.GetRequiredService<IStateStore>().Dispose());
        return app;
    }
}
