using Microsoft.AspNetCore.Builder;
using Switchyard.Api;
using Switchyard.Delivery;
using Switchyard.Domain;
using Switchyard.Domain.Access;
using Switchyard.Domain.Buses;
using Switchyard.Domain.Organizations;
using Switchyard.Domain.Routing;
using Switchyard.Domain.Rules;
using Switchyard.Protocol;
using Switchyard.Protocol.Auth;
using Switchyard.Scheduler;
using Switchyard.Storage;

namespace Switchyard.Hosting;

/// <summary>Wires the server together: storage, domain catalogs, operations and HTTP endpoints.</summary>
public static class ServerApp
{
    public static WebApplication Build(ServerOptions options, TimeProvider? time = null, Action<WebApplicationBuilder>? configure = null)
    {
        time ??= TimeProvider.System;
        // The host's default appsettings.json source watches the content root, recursively, for changes; with the
        // data directory under the working directory (the default ./data) every journal write became a file-system
        // event for that watcher to read. Switchyard's settings come from ServerOptionsLoader, so nothing is reloaded.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.WebHost.UseUrls(ListenAddress.Url(options));
        builder.WebHost.ConfigureKestrel(kestrel => KestrelLimits.Apply(kestrel.Limits, options.Limits));
        ServerLogging.Configure(builder.Logging, options);

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(options.Limits);
        services.AddSingleton(time);
        // One process per data directory (issue 8): resolved first, right after Build, before anything opens a file
        // in it; the container disposes in reverse order of creation, so it is released last.
        if (!options.InMemory) services.AddSingleton(_ => DataDirectoryLock.Acquire(options.DataDirectory));
        services.AddSingleton<IStateStore>(_ => options.InMemory
            ? new InMemoryStateStore()
            : new SqliteStateStore(options.DataDirectory));
        services.AddSingleton(sp => new EventBusCatalog(sp.GetRequiredService<IStateStore>(), time, options.Limits.EventBusesPerRegion));
        services.AddSingleton<ICredentialStore>(new ConfiguredCredentialStore(options.Credentials));
        services.AddSingleton(sp => new SigV4Authenticator(
            options.Auth == AuthModeSetting.Strict ? AuthMode.Strict : AuthMode.Open,
            sp.GetRequiredService<ICredentialStore>(),
            options.DefaultAccount,
            time) { AllowUnsignedPayload = options.Access.AllowUnsignedPayload });
        services.AddSingleton(options.Access);
        services.AddSingleton<AdminAccess>();
        services.AddSingleton<RuleCatalog>();
        services.AddSingleton<IResettableState>(sp => sp.GetRequiredService<EventBusCatalog>());
        services.AddSingleton<IResettableState>(sp => sp.GetRequiredService<RuleCatalog>());
        services.AddSingleton(new OrganizationDirectory(options.Modules));
        services.AddSingleton<BusAccessAuthorizer>();
        services.AddSingleton<BusAccess>();
        services.AddSingleton<CrossAccountTargets>();
        services.AddSingleton<BusRouter>();
        services.AddSingleton<IBusDependents, RuleCatalogBusDependents>();
        services.AddSingleton<ITaggableResources, RuleTags>();
        services.AddSingleton<IBusPolicyValidator, PolicyDocumentValidator>();

        // Operation groups: every IOperationGroup in the container is served.
        services.AddSingleton<IOperationGroup, EventBusOperations>();
        services.AddSingleton<IOperationGroup, PermissionOperations>();
        services.AddSingleton<IOperationGroup, TagOperations>();
        services.AddSingleton<IOperationGroup, RuleOperations>();
        services.AddSingleton<IOperationGroup, TargetOperations>();
        services.AddSingleton<IOperationGroup, TestEventPatternOperation>();

        // Module: delivery (event journal, PutEvents, dispatcher, target invokers, metrics).
        services.AddDelivery(options); // registers PutEventsOperation as an IOperationGroup too

        services.AddSingleton(sp =>
        {
            var registry = new OperationRegistry();
            foreach (var group in sp.GetServices<IOperationGroup>()) group.Register(registry);
            return registry;
        });
        services.AddSingleton<AwsJsonEndpoint>();
        services.AddSingleton<StateReset>();
        services.AddSingleton<HealthEndpoint>();

        // Module: connections and API destinations.
        services.AddApiDestinations(options);

        // Module: scheduled rules.
        // The book observes the rule catalog from the moment it exists; the scheduler hands each firing's Scheduled
        // Event to the delivery module's event sink.
        services.AddSingleton<Delivery.Scheduling.ScheduleBook>();
        services.AddHostedService<Delivery.Scheduling.RuleScheduler>();

        // Module: EventBridge Scheduler (its API on this port, its clock, deliveries through the delivery module).
        services.AddScheduler(options);

        configure?.Invoke(builder);

        var app = builder.Build();
        if (!options.InMemory) app.Services.GetRequiredService<DataDirectoryLock>();
        var endpoint = app.Services.GetRequiredService<AwsJsonEndpoint>();
        // RequestDelegate, not Delegate: served as is, with nothing for the request-delegate generator to bind.
        app.MapPost("/", (RequestDelegate)endpoint.HandleAsync);
        app.MapGet("/health", HealthEndpoint.Handle);
        app.MapAdminEndpoints(options);
        app.MapScheduler();

        // Resolve the state now, so a broken data directory fails at start and not on the first request.
        app.Services.GetRequiredService<OperationRegistry>();
        app.Services.GetRequiredService<BusRouter>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Switchyard");
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var storage = options.InMemory ? "in memory" : $"data in {Path.GetFullPath(options.DataDirectory)}";
            logger.LogInformation("Switchyard listening on {Url} (auth {Auth}, {Storage})",
                string.Join(", ", app.Urls), options.Auth.ToString().ToLowerInvariant(), storage);
            ServerLogging.WarnIfOpenToNetwork(logger, options);
        });
        app.Lifetime.ApplicationStopped.Register(() => app.Services.GetRequiredService<IStateStore>().Dispose());
        return app;
    }
}
