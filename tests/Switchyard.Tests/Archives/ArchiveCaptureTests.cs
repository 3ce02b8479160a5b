using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Switchyard.Delivery.Archives;
using Switchyard.Domain;
using Switchyard.Domain.Archives;
using Switchyard.Domain.Routing;
using Switchyard.Tests.Delivery;
using Switchyard.Tests.Integration;

namespace Switchyard.Tests.Archives;

/// <summary>Archives on a running server: capture through PutEvents, bus targets and replays, deletion and retention.</summary>
public sealed class ArchiveCaptureTests : IAsyncLifetime
{
    private const string Account = "123456789012";
    private static readonly AccountRegion Scope = new(Account, "us-east-1");
    private ServerHarness _server = null!;

    public async Task InitializeAsync() => _server = await ServerHarness.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private IArchiveStore Store => _server.Services.GetRequiredService<IArchiveStore>();

    private static string Arn(string name) => $"arn:aws:events:us-east-1:{Account}:archive/{name}";

    private static string BusArn(string name) => $"arn:aws:events:us-east-1:{Account}:event-bus/{name}";

    private async Task<ServerHarness.Response> Call(string operation, string body)
    {
        var response = await _server.CallAsync(operation, body);
        Assert.True(response.Status == 200, $"{operation}: {response.Status} {response.Body}");
        return response;
    }

    private async Task CreateArchive(string name, string bus, string? pattern = null, int retentionDays = 0)
    {
        var patternMember = pattern is null ? "" : $",\"EventPattern\":{System.Text.Json.JsonSerializer.Serialize(pattern)}";
        await Call("CreateArchive", $$"""{"ArchiveName":"{{name}}","EventSourceArn":"{{BusArn(bus)}}","RetentionDays":{{retentionDays}}{{patternMember}}}""");
    }

    private Task PutEvents(string bus, params string[] sources) =>
        Call("PutEvents", "{\"Entries\":[" + string.Join(",", sources.Select(s =>
            $$"""{"EventBusName":"{{bus}}","Source":"{{s}}","DetailType":"t","Detail":"{}"}""")) + "]}");

    private static async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++) await Task.Delay(25);
        Assert.True(condition());
    }

    [Fact]
    public async Task PutEvents_archives_each_event_once_in_every_archive_whose_pattern_matches_it()
    {
        await Call("CreateEventBus", """{"Name":"shop"}""");
        await CreateArchive("shop-only", "shop", """{"source":["shop"]}""");
        await CreateArchive("everything", "shop");
        await PutEvents("shop", "shop", "shop", "other");

        Assert.Equal(2, Store.Totals(Arn("shop-only")).EventCount);
        Assert.Equal(3, Store.Totals(Arn("everything")).EventCount);
        var archived = Store.Read(Arn("shop-only"), DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 0, 10);
        Assert.All(archived, e => Assert.Contains("\"source\":\"shop\"", Encoding.UTF8.GetString(e.Envelope)));
        var described = await Call("DescribeArchive", """{"ArchiveName":"shop-only"}""");
        Assert.Equal(2, described.Json.GetProperty("EventCount").GetInt64());
        Assert.Equal(archived.Sum(e => (long)e.Envelope.Length), described.Json.GetProperty("SizeBytes").GetInt64());
        // The event time indexes it: the envelope's "time", to the second.
        var time = DateTimeOffset.Parse(System.Text.Json.JsonDocument.Parse(archived[0].Envelope).RootElement.GetProperty("time").GetString()!,
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(time, archived[0].EventTime);
    }

    [Fact]
    public async Task An_event_forwarded_by_a_bus_target_is_archived_once_on_each_bus()
    {
        await Call("CreateEventBus", """{"Name":"source"}""");
        await Call("CreateEventBus", """{"Name":"sink"}""");
        await CreateArchive("on-source", "source");
        await CreateArchive("on-sink", "sink");
        await Call("PutRule", """{"Name":"forward","EventBusName":"source","EventPattern":"{\"source\":[\"shop\"]}"}""");
        await Call("PutTargets", $$"""{"Rule":"forward","EventBusName":"source","Targets":[{"Id":"bus","Arn":"{{BusArn("sink")}}"}]}""");
        await PutEvents("source", "shop");
        await Eventually(() => Store.Totals(Arn("on-sink")).EventCount == 1);
        Assert.Equal(1, Store.Totals(Arn("on-source")).EventCount);
        await Task.Delay(200);
        Assert.Equal(1, Store.Totals(Arn("on-sink")).EventCount);
    }

    [Fact]
    public async Task Replayed_events_are_not_archived()
    {
        await CreateArchive("default-all", "default");
        var ingestor = _server.Services.GetRequiredService<EventIngestor>();
        var now = DateTimeOffset.UtcNow;
        var live = Encoding.UTF8.GetBytes($$$"""{"version":"0","id":"live","detail-type":"t","source":"s","account":"{{{Account}}}","time":"{{{EventEnvelope.FormatTime(now)}}}","region":"us-east-1","resources":[],"detail":{}}""");
        var replayed = Encoding.UTF8.GetBytes($$$"""{"version":"0","id":"again","detail-type":"t","source":"s","account":"{{{Account}}}","time":"{{{EventEnvelope.FormatTime(now)}}}","region":"us-east-1","replay-name":"r1","resources":[],"detail":{}}""");
        await ingestor.IngestAsync([
            new EventIngestor.Submission("again", Scope, "default", replayed, now, 0),
            new EventIngestor.Submission("live", Scope, "default", live, now, 0),
        ], default);
        var archived = Assert.Single(Store.Read(Arn("default-all"), DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 0, 10));
        Assert.Equal(live, archived.Envelope);
    }

    [Fact]
    public async Task Deleting_an_archive_removes_its_events_and_rule_and_a_new_one_of_that_name_starts_empty()
    {
        await CreateArchive("gone", "default");
        await PutEvents("default", "a", "b");
        Assert.Equal(2, Store.Totals(Arn("gone")).EventCount);
        await Call("DeleteArchive", """{"ArchiveName":"gone"}""");
        Assert.Equal(default, Store.Totals(Arn("gone")));
        Assert.Equal(0, (await Call("ListRules", "{}")).Json.GetProperty("Rules").GetArrayLength());
        await PutEvents("default", "c");
        Assert.Equal(default, Store.Totals(Arn("gone")));
        await CreateArchive("gone", "default");
        var described = await Call("DescribeArchive", """{"ArchiveName":"gone"}""");
        Assert.Equal(0, described.Json.GetProperty("EventCount").GetInt64());
    }

    [Fact]
    public async Task Retention_expires_events_older_than_RetentionDays_by_the_clock_it_is_given()
    {
        await CreateArchive("day", "default", retentionDays: 1);
        await CreateArchive("forever", "default");
        await PutEvents("default", "a", "b", "c");
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var held = true;
        using var retention = new ArchiveRetention(_server.Services.GetRequiredService<ArchiveCatalog>(), Store, () => held, clock,
            TimeSpan.FromHours(1), NullLogger<ArchiveRetention>.Instance);

        clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal(0, await retention.TrimAsync(default));
        clock.Advance(TimeSpan.FromHours(2));
        held = false; // another node holds the retention lease: it trims, not this one
        Assert.Equal(0, await retention.TrimAsync(default));
        Assert.Equal(3, Store.Totals(Arn("day")).EventCount);
        held = true;
        Assert.Equal(3, await retention.TrimAsync(default));
        Assert.Equal(default, Store.Totals(Arn("day")));
        Assert.Equal(3, Store.Totals(Arn("forever")).EventCount);
    }

    [Fact]
    public async Task Errors_are_AWS_s_and_refused_calls_change_nothing()
    {
        var missing = await _server.CallAsync("CreateArchive", $$"""{"ArchiveName":"a","EventSourceArn":"{{BusArn("nope")}}"}""");
        Assert.Equal(("ResourceNotFoundException", "Event bus nope does not exist."), (missing.ErrorType, missing.ErrorMessage));
        var notBus = await _server.CallAsync("CreateArchive", $$"""{"ArchiveName":"a","EventSourceArn":"arn:aws:events:us-east-1:{{Account}}:rule/x"}""");
        Assert.Equal("ValidationException", notBus.ErrorType);
        var otherRegion = await _server.CallAsync("CreateArchive", """{"ArchiveName":"a","EventSourceArn":"arn:aws:events:eu-west-1:123456789012:event-bus/default"}""");
        Assert.Equal(("ResourceNotFoundException", "Event bus default does not exist."), (otherRegion.ErrorType, otherRegion.ErrorMessage));
        var badPattern = await _server.CallAsync("CreateArchive", $$"""{"ArchiveName":"a","EventSourceArn":"{{BusArn("default")}}","EventPattern":"{\"source\":\"x\"}"}""");
        Assert.Equal("InvalidEventPatternException", badPattern.ErrorType);
        Assert.Equal(0, (await Call("ListArchives", "{}")).Json.GetProperty("Archives").GetArrayLength());
        Assert.Equal(0, (await Call("ListRules", "{}")).Json.GetProperty("Rules").GetArrayLength());

        // A user rule already holding the managed rule's name: the archive is not made, the rule is left alone.
        await Call("PutRule", """{"Name":"Events-Archive-taken","EventPattern":"{\"source\":[\"x\"]}"}""");
        var taken = await _server.CallAsync("CreateArchive", $$"""{"ArchiveName":"taken","EventSourceArn":"{{BusArn("default")}}"}""");
        Assert.Equal("ResourceAlreadyExistsException", taken.ErrorType);
        Assert.Equal(400, taken.Status);
        Assert.Equal(0, (await Call("ListArchives", "{}")).Json.GetProperty("Archives").GetArrayLength());
        var rule = await Call("DescribeRule", """{"Name":"Events-Archive-taken"}""");
        Assert.False(rule.Json.TryGetProperty("ManagedBy", out _));
    }
}
