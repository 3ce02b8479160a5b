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
using Switchyard.Settings;
using Switchyard.Storage.Catalog;
using Switchyard.Storage.Versioned;
using Switchyard.Storage.Leases;

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
        // in it; the container disposes in reverse order of creation, so it is released last. Not with PostgreSQL:
        // several nodes may share one directory, which then holds only what the database does not (log-group target
        // files, and the event journal until it moves to PostgreSQL too).
        var lockDataDirectory = !options.InMemory && !options.UsesPostgres;
        if (lockDataDirectory) services.AddSingleton(_ => DataDirectoryLock.Acquire(options.DataDirectory));
        if (options.UsesPostgres)
        {
            // --storage postgres: one pooled data source for every PostgreSQL-backed store, schema migrated when it
            // opens; resources, their change feed, leases and state documents live in the shared database.
            services.AddSingleton(_ => Storage.Postgres.PostgresDatabase.Open(options.PostgresConnectionString!));
            services.AddSingleton<IStateStore>(sp => new Storage.Postgres.PostgresStateStore(sp.GetRequiredService<Storage.Postgres.PostgresDatabase>().DataSource));
            services.AddSingleton<IVersionedStore>(sp => new Storage.Postgres.PostgresVersionedStore(sp.GetRequiredService<Storage.Postgres.PostgresDatabase>().DataSource));
            services.AddSingleton<Storage.Postgres.PostgresChangeListener>();
        }
        else
        {
            services.AddSingleton<IStateStore>(_ => options.InMemory
                ? new InMemoryStateStore()
                : new SqliteStateStore(options.DataDirectory));
            // Resources: the versioned store is the truth (in the same database file), the catalogs cache it through the pump.
            services.AddSingleton<IVersionedStore>(sp =>
            {
                if (options.InMemory) return new InMemoryVersionedStore();
                var store = new SqliteVersionedStore(Path.Combine(options.DataDirectory, SqliteStateStore.FileName));
                LegacyResourceImport.Run(sp.GetRequiredService<IStateStore>(), store, ResourceKinds);
                return store;
            });
        }
        // Other nodes write to a shared database: the pump polls (the fallback of the LISTEN wake-up, and the heartbeat
        // that confirms the caches current); a SQLite or in-memory store has this process as its only writer.
        var pollInterval = options.ChangeFeedPollInterval
            ?? (options.UsesPostgres ? ChangeFeedPump.SharedDatabasePollInterval : Timeout.InfiniteTimeSpan);
        services.AddSingleton(sp => new ChangeFeedPump(sp.GetRequiredService<IVersionedStore>(), pollInterval,
            sp.GetRequiredService<ILogger<ChangeFeedPump>>()));
        services.AddSingleton<Delivery.Metrics.ChangeFeedGauges>();
        services.AddSingleton(sp => new EventBusCatalog(sp.GetRequiredService<ChangeFeedPump>(), time, options.Limits.EventBusesPerRegion));
        services.AddSingleton<ICredentialStore>(new ConfiguredCredentialStore(options.Credentials));
        services.AddSingleton(sp => new SigV4Authenticator(
            options.Auth == AuthModeSetting.Strict ? AuthMode.Strict : AuthMode.Open,
            sp.GetRequiredService<ICredentialStore>(),
            options.DefaultAccount,
            time) { AllowUnsignedPayload = options.Access.AllowUnsignedPayload });
        services.AddSingleton(options.Access);
        services.AddSingleton<AdminAccess>();
        services.AddSingleton<RuleCatalog>();
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

        // Archives (issue 10): the catalog, their operations, and retention (the Scheduler's test clock drives it
        // when on, so expiry can be tested without waiting days).
        services.AddSingleton<Domain.Archives.ArchiveCatalog>();
        services.AddSingleton<IOperationGroup, ArchiveOperations>();
        services.AddSingleton<Delivery.Archives.IArchiveReader>(sp => new Delivery.Archives.ArchiveReader(
            sp.GetRequiredService<Domain.Archives.ArchiveCatalog>(), sp.GetRequiredService<Delivery.Archives.IArchiveStore>(),
            sp.GetRequiredService<Scheduler.Firing.SchedulerTime>()));
        services.AddHostedService(sp => new Delivery.Archives.ArchiveRetention(sp.GetRequiredService<Domain.Archives.ArchiveCatalog>(),
            sp.GetRequiredService<Delivery.Archives.IArchiveStore>(),
            () => sp.GetRequiredService<LeaseKeeper>().Holds(LeaseNames.Retention),
            sp.GetRequiredService<Scheduler.Firing.SchedulerTime>(),
            options.SchedulerTestClock ? TimeSpan.FromSeconds(1) : TimeSpan.FromMinutes(1),
            sp.GetRequiredService<ILogger<Delivery.Archives.ArchiveRetention>>()));

        // This process's node id and named leases (issue 8); before the hosted services that need a lease.
        services.AddLeases(options.InMemory, options.DataDirectory, options.NodeId, options.UsesPostgres);

        // Module: delivery (event journal, PutEvents, dispatcher, target invokers, metrics).
        services.AddDelivery(options); // registers PutEventsOperation as an IOperationGroup too

        // Module: replays (issue 10), run in the background through the delivery module's ingestor and journal.
        services.AddReplays(options);

        services.AddSingleton(sp =>
        {
            var registry = new OperationRegistry();
            foreach (var group in sp.GetServices<IOperationGroup>()) group.Register(registry);
            return registry;
        });
        services.AddSingleton<AwsJsonEndpoint>();
        services.AddSingleton<StateReset>();
        services.AddSingleton<NodeStatus>();
        services.AddSingleton<NodeGauges>();
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
        if (lockDataDirectory) app.Services.GetRequiredService<DataDirectoryLock>();
        // The journal's SQLite file opens on a thread of its own while this one opens the state store: on a first
        // start each file waits on the disk for ~7 fsyncs, and the waits overlap (issue 14, docs/performance.md).
        var journalOpening = Task.Run(() => app.Services.GetRequiredService<Delivery.Journal.IEventJournal>());
        var endpoint = app.Services.GetRequiredService<AwsJsonEndpoint>();
        // RequestDelegate, not Delegate: served as is, with nothing for the request-delegate generator to bind.
        app.MapPost("/", (RequestDelegate)endpoint.HandleAsync);
        app.MapGet("/health", HealthEndpoint.Handle);
        app.MapAdminEndpoints(options);
        app.MapScheduler();

        // Resolve the state now, so a broken data directory fails at start and not on the first request.
        ChangeFeedPump pump;
        try
        {
            // Every catalog follows the change feed before the first change is applied; then the whole feed is applied
            // before anything answers or observes, so the routers and schedules start from the complete state.
            app.Services.GetRequiredService<EventBusCatalog>();
            app.Services.GetRequiredService<RuleCatalog>();
            app.Services.GetRequiredService<Domain.Connections.ConnectionCatalog>();
            app.Services.GetRequiredService<Domain.ApiDestinations.ApiDestinationCatalog>();
            app.Services.GetRequiredService<Domain.Archives.ArchiveCatalog>();
            app.Services.GetRequiredService<Domain.Replays.ReplayCatalog>();
            pump = app.Services.GetRequiredService<ChangeFeedPump>();
            pump.Start();
            // Other nodes' commits wake the pump from here on (started after the first catch-up: it catches up again).
            if (options.UsesPostgres) app.Services.GetRequiredService<Storage.Postgres.PostgresChangeListener>();
            app.Services.GetRequiredService<Delivery.Metrics.ChangeFeedGauges>();
            app.Services.GetRequiredService<OperationRegistry>();
            app.Services.GetRequiredService<BusRouter>();
        }
        catch
        {
            // The start failed: the journal is not left opening behind the caller's back; the first error is the one told.
            ((IAsyncResult)journalOpening).AsyncWaitHandle.WaitOne();
            throw;
        }
        journalOpening.GetAwaiter().GetResult();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Switchyard");
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var storage = options.InMemory ? "in memory"
                : options.UsesPostgres ? PostgresDescription(options.PostgresConnectionString!)
                : $"data in {Path.GetFullPath(options.DataDirectory)}";
            logger.LogInformation("Switchyard listening on {Url} (auth {Auth}, {Storage})",
                string.Join(", ", app.Urls), options.Auth.ToString().ToLowerInvariant(), storage);
            ServerLogging.WarnIfOpenToNetwork(logger, options);
        });
        app.Lifetime.ApplicationStopped.Register(() =>
        {
            // The wake-ups stop before the pump they wake.
            if (options.UsesPostgres) app.Services.GetRequiredService<Storage.Postgres.PostgresChangeListener>().Dispose();
            pump.Dispose();
            app.Services.GetRequiredService<IVersionedStore>().Dispose();
            app.Services.GetRequiredService<IStateStore>().Dispose();
        });
        return app;
    }

    /// <summary>"PostgreSQL database X on host Y": the connection string without its password, for the start-up line.</summary>
    private static string PostgresDescription(string connectionString)
    {
        var parsed = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        return $"PostgreSQL database {parsed.Database ?? parsed.Username} on host {parsed.Host}:{parsed.Port}";
    }

    /// <summary>The kinds kept in the versioned store, imported from an older data directory's state store.</summary>
    private static readonly string[] ResourceKinds =
    [
        EventBusCatalog.StateKind, RuleCatalog.StateKind,
        Domain.Connections.ConnectionCatalog.StateKind, Domain.ApiDestinations.ApiDestinationCatalog.StateKind,
    ];
}
