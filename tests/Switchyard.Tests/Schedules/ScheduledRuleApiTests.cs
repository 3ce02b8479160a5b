using Microsoft.Extensions.DependencyInjection;
using Switchyard.Delivery.Scheduling;
using Switchyard.Domain;
using Switchyard.Tests.Integration;

namespace Switchyard.Tests.Schedules;

/// <summary>
/// Scheduled rules through the API of a real server on a fake clock: PutRule's validation and the wiring from the
/// rule catalog to the scheduler's book.
/// </summary>
public sealed class ScheduledRuleApiTests : IAsyncLifetime
{
    private static readonly AccountRegion Scope = new("123456789012", "us-east-1");
    private readonly ManualClock _clock = new(WholeMinute(DateTimeOffset.UtcNow));
    private ServerHarness _server = null!;

    public async Task InitializeAsync() => _server = await ServerHarness.StartAsync(time: _clock);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("rate(1 minute)")]
    [InlineData("rate(5 minutes)")]
    [InlineData("cron(0 18 ? * MON-FRI *)")]
    [InlineData("cron(0 9 ? * 2#1 *)")]
    [InlineData("cron(0 0 L * ? 2027)")]
    public async Task Valid_expressions_are_stored_and_described(string expression)
    {
        var put = await CallAsync("PutRule", $$"""{"Name":"s","ScheduleExpression":"{{expression}}"}""");
        Assert.Equal(200, put.Status);
        Assert.Equal("arn:aws:events:us-east-1:123456789012:rule/s", put.Json.GetProperty("RuleArn").GetString());
        var described = await CallAsync("DescribeRule", """{"Name":"s"}""");
        Assert.Equal(expression, described.Json.GetProperty("ScheduleExpression").GetString());
        Assert.False(described.Json.TryGetProperty("EventPattern", out _));
        var listed = await CallAsync("ListRules", "{}");
        Assert.Equal(expression, listed.Json.GetProperty("Rules")[0].GetProperty("ScheduleExpression").GetString());
    }

    [Theory]
    [InlineData("rate(1 minutes)")]
    [InlineData("rate(0 minutes)")]
    [InlineData("rate(5 minute)")]
    [InlineData("cron(0 10 * * * *)")]
    [InlineData("cron(0 10 * * ?)")]
    [InlineData("cron(0 0 ? * 8 *)")]
    [InlineData("cron(0 0 1 * ? 2200)")]
    [InlineData("at(2026-01-01T00:00:00)")]
    public async Task Invalid_expressions_are_refused_as_aws_does(string expression)
    {
        var put = await CallAsync("PutRule", $$"""{"Name":"s","ScheduleExpression":"{{expression}}"}""");
        Assert.Equal(400, put.Status);
        Assert.Equal("ValidationException", put.ErrorType);
        Assert.Equal("Parameter ScheduleExpression is not valid.", put.ErrorMessage);
        Assert.Equal("ResourceNotFoundException", (await CallAsync("DescribeRule", """{"Name":"s"}""")).ErrorType);
    }

    [Fact]
    public async Task Schedules_only_on_the_default_bus()
    {
        await CallAsync("CreateEventBus", """{"Name":"custom"}""");
        var put = await CallAsync("PutRule", """{"Name":"s","EventBusName":"custom","ScheduleExpression":"rate(5 minutes)"}""");
        Assert.Equal(400, put.Status);
        Assert.Equal("ValidationException", put.ErrorType);
        Assert.Equal("ScheduleExpression is supported only on the default event bus.", put.ErrorMessage);
    }

    [Fact]
    public async Task Rules_made_through_the_api_are_scheduled_and_disabling_or_deleting_unschedules_them()
    {
        var book = _server.Services.GetRequiredService<ScheduleBook>();
        var start = _clock.GetUtcNow();
        Assert.Equal(200, (await CallAsync("PutRule", """{"Name":"tick","ScheduleExpression":"rate(1 minute)"}""")).Status);
        Assert.Equal(start.AddMinutes(1), book.NextFor(Scope, "default", "tick"));

        Assert.Equal(200, (await CallAsync("PutRule", """{"Name":"daily","ScheduleExpression":"cron(30 6 * * ? *)","EventPattern":"{\"source\":[\"app\"]}"}""")).Status);
        var sixThirty = new DateTimeOffset(start.UtcDateTime.Date.AddHours(6).AddMinutes(30), TimeSpan.Zero);
        Assert.Equal(sixThirty > start ? sixThirty : sixThirty.AddDays(1), book.NextFor(Scope, "default", "daily"));

        await CallAsync("DisableRule", """{"Name":"tick"}""");
        Assert.Null(book.NextFor(Scope, "default", "tick"));
        await CallAsync("EnableRule", """{"Name":"tick"}""");
        Assert.Equal(start.AddMinutes(1), book.NextFor(Scope, "default", "tick"));

        await CallAsync("PutRule", """{"Name":"daily","EventPattern":"{\"source\":[\"app\"]}"}""");
        Assert.Null(book.NextFor(Scope, "default", "daily"));
        await CallAsync("DeleteRule", """{"Name":"tick"}""");
        Assert.Null(book.NextFor(Scope, "default", "tick"));
        Assert.Equal(0, book.Count);
    }

    private Task<ServerHarness.Response> CallAsync(string operation, string body) =>
        _server.CallAsync(operation, body, signedAt: _clock.GetUtcNow());

    private static DateTimeOffset WholeMinute(DateTimeOffset time) =>
        new(time.UtcTicks - time.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
}
