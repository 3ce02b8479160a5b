using Microsoft.Extensions.DependencyInjection;
using Switchyard.Delivery.Scheduling;
using Switchyard.Domain;
using Switchyard.Domain.Routing;
using Switchyard.Hosting;
using Switchyard.Settings;
using Switchyard.Tests.Diagnostics;
using Switchyard.Tests.Integration;
using Rule = Switchyard.Domain.Rules.Rule;

namespace Switchyard.Tests.Storage.Catalog;

/// <summary>POST /_switchyard/reset clears the store; the change feed delivers the deletions to the caches, the routers
/// and the schedules, on SQLite as in memory.</summary>
public sealed class ResetThroughFeedTests : IDisposable
{
    private static readonly AccountRegion Scope = new("123456789012", "us-east-1");
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("switchyard-reset-").FullName;

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Reset_empties_the_catalogs_the_matchers_and_the_schedules(bool inMemory)
    {
        await using var server = await ServerHarness.StartAsync(new ServerOptions { InMemory = inMemory, DataDirectory = _dataDirectory });
        Assert.Equal(200, (await server.CallAsync("CreateEventBus", """{"Name":"orders"}""")).Status);
        Assert.Equal(200, (await server.CallAsync("PutRule", """{"Name":"matching","EventPattern":"{\"source\":[\"app\"]}"}""")).Status);
        Assert.Equal(200, (await server.CallAsync("PutRule", """{"Name":"ticking","ScheduleExpression":"rate(5 minutes)"}""")).Status);
        var router = server.Services.GetRequiredService<BusRouter>();
        var schedules = server.Services.GetRequiredService<ScheduleBook>();
        Assert.Equal(1, Matches(router));
        Assert.Equal(1, schedules.Count);

        var (status, _) = await AdminHttp.PostAsync(server, "/_switchyard/reset");

        Assert.Equal(200, status);
        Assert.Equal(0, Matches(router));
        Assert.Equal(0, schedules.Count);
        var buses = await server.CallAsync("ListEventBuses", "{}");
        Assert.Equal(["default"], buses.Json.GetProperty("EventBuses").EnumerateArray().Select(b => b.GetProperty("Name").GetString()));
        Assert.Equal(0, (await server.CallAsync("ListRules", "{}")).Json.GetProperty("Rules").GetArrayLength());
        // The names are free again.
        Assert.Equal(200, (await server.CallAsync("CreateEventBus", """{"Name":"orders"}""")).Status);
    }

    private static int Matches(BusRouter router)
    {
        var matched = new List<Rule>();
        router.Match(Scope, "default", """{"source":"app","detail-type":"x","detail":{}}"""u8, matched);
        return matched.Count;
    }
}
