using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Switchyard.Settings;
using Switchyard.Protocol.Auth;
using Switchyard.Scheduler.Api;
using Switchyard.Scheduler.Domain;
using Switchyard.Scheduler.Firing;
using Switchyard.Scheduler.Protocol;

namespace Switchyard.Scheduler;

/// <summary>
/// The EventBridge Scheduler module (issue 11): its REST-JSON API on the EventBridge port, its resources in the
/// versioned store, and the clock that fires schedules through the delivery module.
/// </summary>
public static class SchedulerModule
{
    public static IServiceCollection AddScheduler(this IServiceCollection services, ServerOptions options)
    {
        // Schedules and groups live in the host's IVersionedStore, beside EventBridge's resources; firing is gated on
        // the host's "scheduler" lease (LeaseKeeper): both are registered by the host before this module.
        services.AddSingleton<SchedulerStore>();
        services.AddSingleton<ScheduleGroups>();
        services.AddSingleton<ScheduleChangeSignal>();
        // The Scheduler's "now" (API date checks and firing alike): the server's time, or the test clock when asked for.
        services.AddSingleton(sp => new SchedulerTime(sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ScheduleChangeSignal>(), options.SchedulerTestClock));
        services.AddSingleton(sp => new SchedulerAuthenticator(new SigV4Authenticator(
            options.Auth == AuthModeSetting.Strict ? AuthMode.Strict : AuthMode.Open,
            sp.GetRequiredService<ICredentialStore>(),
            options.DefaultAccount,
            sp.GetRequiredService<TimeProvider>(),
            allowedSkew: null,
            service: "scheduler") { AllowUnsignedPayload = options.Access.AllowUnsignedPayload }));
        services.AddSingleton<ISchedulerOperationGroup, ScheduleOperations>();
        services.AddSingleton<ISchedulerOperationGroup, ScheduleGroupOperations>();
        services.AddSingleton<ISchedulerOperationGroup, SchedulerTagOperations>();
        services.AddSingleton<SchedulerOperationRegistry>();
        services.AddSingleton<SchedulerEndpoint>();

        // Firing: the clock (gated by the lease) and the resolver the delivery dispatcher uses for schedule invocations.
        services.AddSingleton<IScheduleClockLeadership, LeaseLeadership>();
        services.AddSingleton<SchedulerMetrics>();
        services.AddSingleton<Delivery.Dispatch.IScheduledTargetResolver, ScheduledTargetResolver>();
        // ScheduleClock takes any TimeProvider (xunit tests give it a manual clock); here it fires on the Scheduler's time.
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<ScheduleClock>(sp, sp.GetRequiredService<SchedulerTime>()));
        services.AddHostedService(sp => sp.GetRequiredService<ScheduleClock>());
        return services;
    }

    /// <summary>Serves every method on Scheduler's path prefixes; the endpoint matches the operation itself.</summary>
    public static void MapScheduler(this WebApplication app)
    {
        var endpoint = app.Services.GetRequiredService<SchedulerEndpoint>();
        string[] methods = ["GET", "POST", "PUT", "DELETE"];
        foreach (var prefix in SchedulerEndpoint.PathPrefixes)
        {
            app.MapMethods(prefix, methods, (RequestDelegate)endpoint.HandleAsync);
            app.MapMethods(prefix + "/{**rest}", methods, (RequestDelegate)endpoint.HandleAsync);
        }
    }
}
