using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Switchyard.Api;
using Switchyard.Delivery.Dispatch;
using Switchyard.Delivery.Input;
using Switchyard.Delivery.Invokers;
using Switchyard.Delivery.Journal;
using Switchyard.Delivery.Metrics;
using Switchyard.Domain.Routing;
using Switchyard.Protocol;
using Switchyard.Settings;
using Switchyard.Storage.Leases;

using Switchyard.Delivery;

namespace Switchyard.Hosting;

public static class DeliveryServiceCollectionExtensions
{
    /// <summary>
    /// The delivery module: journal and sink (so PutEvents is durable), PutEvents itself, the dispatcher, the target
    /// invokers for event buses, SQS, Lambda and log groups, dead-letter queues, and <c>GET /metrics</c>. Config
    /// sections: <c>"delivery"</c> (<see cref="DeliveryOptions"/>), <c>"sqs"</c>, <c>"lambda"</c>, <c>"logs"</c>. Other modules add
    /// invokers by registering more <see cref="ITargetInvoker"/>s.
    /// </summary>
    public static IServiceCollection AddDelivery(this IServiceCollection services, ServerOptions options)
    {
        // Read eagerly: a bad section fails the start with an options error, not the first delivery.
        var delivery = DeliveryOptions.From(options.Modules);
        services.AddSingleton(delivery);
        services.AddSingleton<IEventJournal>(sp => options.InMemory
            ? new InMemoryEventJournal(sp.GetRequiredService<TimeProvider>())
            : OpenJournal(sp, options, delivery));
        // Archived events live in the journal that writes them (issue 10): every backend that stores archives is one.
        services.AddSingleton(sp => sp.GetRequiredService<IEventJournal>() as Delivery.Archives.IArchiveStore
            ?? throw new InvalidOperationException("this event journal does not store archives"));
        services.AddSingleton<Delivery.Archives.IArchiveReader>(sp => sp.GetRequiredService<Delivery.Archives.IArchiveStore>());
        services.AddSingleton(new RecentEventIndex(delivery.RecentEventCapacity));
        services.AddSingleton<DeliveryMetrics>();
        services.AddSingleton<JournalGauges>();
        services.AddSingleton<DeliveryQueue>();
        services.AddSingleton<IEventSink, JournaledEventSink>();
        services.AddSingleton<EventIngestor>();
        services.AddSingleton<IOperationGroup, PutEventsOperation>();

        services.AddSingleton<InputShaper>();
        services.AddSingleton(new RetryBackoff(delivery.InitialBackoff, delivery.MaxBackoff));
        services.AddSingleton(sp => new SqsClientProvider(options.Modules));
        services.AddSingleton<IDeadLetterSender, SqsDeadLetterSender>();
        services.AddSingleton(sp => new LogDirectory(ResolveLogDirectory(options, delivery, sp.GetRequiredService<ILoggerFactory>())));
        services.AddSingleton<ITargetInvoker, EventBusTargetInvoker>();
        services.AddSingleton<ITargetInvoker, SqsTargetInvoker>();
        services.AddSingleton<TargetAccess>();
        services.AddSingleton(new LogGroupGrants(options.Modules));
        services.AddSingleton<ITargetInvoker>(sp => new LambdaTargetInvoker(options.Modules, delivery, sp.GetRequiredService<TargetAccess>()));
        services.AddSingleton<ITargetInvoker, LogGroupTargetInvoker>();
        services.AddSingleton<DeliveryDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<DeliveryDispatcher>());
        services.AddSingleton<IStartupFilter, MetricsEndpoint>();
        return services;
    }

    /// <summary>
    /// The SQLite journal leases its deliveries to this process's node id; the data directory's lock makes this process
    /// its only user, so leases found at open are a crashed predecessor's. Trimming the event log needs the retention lease.
    /// </summary>
    private static SqliteEventJournal OpenJournal(IServiceProvider sp, ServerOptions options, DeliveryOptions delivery)
    {
        // The lease keeper is resolved on the retention check's first call, not here: the journal opens on a thread
        // of its own at start-up, and the lease store's first statements on switchyard.db would contend with the main
        // thread's on the same file (SQLite's busy wait added ~150 ms to some starts).
        LeaseKeeper? leases = null;
        var leasing = new JournalLeasing(sp.GetRequiredService<NodeIdentity>().Id, JournalLeasing.DefaultLeaseDuration,
            ExclusiveDataDirectory: true, delivery.MaxBackoff);
        return new SqliteEventJournal(options.DataDirectory, delivery.JournalSynchronous, sp.GetRequiredService<ILogger<SqliteEventJournal>>(),
            sp.GetRequiredService<DeliveryQueue>(), delivery.MemoryBacklog, delivery.EventRetention, leasing,
            sp.GetRequiredService<TimeProvider>(), () => (leases ??= sp.GetRequiredService<LeaseKeeper>()).Holds(LeaseNames.Retention));
    }

    private static string ResolveLogDirectory(ServerOptions options, DeliveryOptions delivery, ILoggerFactory loggers)
    {
        if (delivery.LogDirectory is { } configured) return Path.GetFullPath(configured);
        if (!options.InMemory) return Path.GetFullPath(Path.Combine(options.DataDirectory, "logs"));
        var temp = Path.Combine(Path.GetTempPath(), $"switchyard-logs-{Environment.ProcessId}-{Guid.NewGuid():N}"[..48]);
        loggers.CreateLogger("Switchyard.Delivery").LogInformation("in-memory mode: log-group targets write to {Directory}", temp);
        return temp;
    }
}
