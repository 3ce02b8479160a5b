using System.Text;
using System.Text.Json;
using Switchyard.Domain.Archives;
using Switchyard.Domain.Routing;
using Switchyard.Patterns;

namespace Switchyard.Tests.Archives;

public sealed class ArchiveRulesTests
{
    private const string Live = """{"version":"0","id":"1","detail-type":"order","source":"shop","account":"123456789012","time":"2026-01-01T00:00:05Z","region":"us-east-1","resources":[],"detail":{}}""";
    private const string Replayed = """{"version":"0","id":"1","detail-type":"order","source":"shop","account":"123456789012","time":"2026-01-01T00:00:05Z","region":"us-east-1","replay-name":"r1","resources":[],"detail":{}}""";

    private static bool Matches(string pattern, string envelope)
    {
        var matcher = new PatternMatcher();
        matcher.Add("rule", EventPattern.Parse(pattern));
        return matcher.Match(Encoding.UTF8.GetBytes(envelope)).Count == 1;
    }

    [Fact]
    public void Without_a_pattern_the_rule_takes_every_event_except_replayed_ones()
    {
        var pattern = ArchiveRules.RulePattern(null);
        Assert.Equal("""{"replay-name":[{"exists":false}]}""", pattern);
        Assert.True(Matches(pattern, Live));
        Assert.False(Matches(pattern, Replayed));
    }

    [Fact]
    public void The_archive_pattern_is_kept_and_replayed_events_excluded_even_if_it_asked_for_them()
    {
        var pattern = ArchiveRules.RulePattern("""{"source":["shop"],"replay-name":[{"exists":true}],"detail":{"n":[1]}}""");
        using var parsed = JsonDocument.Parse(pattern);
        Assert.Equal(["source", "detail", "replay-name"], parsed.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("""[{"exists":false}]""", parsed.RootElement.GetProperty("replay-name").GetRawText());
        var shopPattern = ArchiveRules.RulePattern("""{"source":["shop"]}""");
        Assert.True(Matches(shopPattern, Live));
        Assert.False(Matches(shopPattern, Replayed));
        Assert.False(Matches(ArchiveRules.RulePattern("""{"source":["other"]}"""), Live));
    }

    [Fact]
    public void The_managed_rule_names_its_archive_and_is_told_apart_from_user_rules()
    {
        var archive = new Archive
        {
            AccountId = "123456789012", Region = "us-east-1", Name = "orders", BusName = "shop", RetentionDays = 0,
            State = ArchiveStates.Enabled, CreationTime = DateTimeOffset.UnixEpoch,
        };
        var rule = ArchiveRules.RuleFor(archive, DateTimeOffset.UnixEpoch);
        Assert.Equal("Events-Archive-orders", rule.Name);
        Assert.Equal("prod.vhs.events.aws.internal", rule.ManagedBy);
        Assert.Empty(rule.Targets);
        Assert.True(ArchiveRules.IsArchiveRule(rule));
        Assert.Equal("arn:aws:events:us-east-1:123456789012:archive/orders", ArchiveRules.ArchiveArn(rule));
        Assert.Equal(archive.Arn, ArchiveRules.ArchiveArn(rule));
        Assert.False(ArchiveRules.IsArchiveRule(rule with { ManagedBy = null }));
        Assert.False(ArchiveRules.IsArchiveRule(rule with { Name = "orders" }));
        Assert.True(ArchiveArns.TryParse(archive.Arn, out var scope, out var name));
        Assert.Equal((archive.Scope, "orders"), (scope, name));
        Assert.False(ArchiveArns.TryParse("arn:aws:events:us-east-1:123456789012:event-bus/orders", out _, out _));
    }

    [Fact]
    public void The_event_time_is_read_from_the_envelope_or_falls_back()
    {
        var fallback = DateTimeOffset.UnixEpoch;
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 5, TimeSpan.Zero), ArchiveCapture.EventTimeOf(Encoding.UTF8.GetBytes(Live), fallback));
        Assert.Equal(fallback, ArchiveCapture.EventTimeOf("""{"detail":{"time":"2020-01-01T00:00:00Z"}}"""u8, fallback));
        Assert.Equal(fallback, ArchiveCapture.EventTimeOf("""{"time":"yesterday"}"""u8, fallback));
        Assert.Equal(fallback, ArchiveCapture.EventTimeOf("""{"time":5}"""u8, fallback));
        Assert.Equal(fallback, ArchiveCapture.EventTimeOf("[]"u8, fallback));
    }
}
