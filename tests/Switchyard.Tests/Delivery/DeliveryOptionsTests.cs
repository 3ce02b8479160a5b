using System.Text.Json;
using Switchyard.Delivery;
using Switchyard.Hosting;
using Switchyard.Settings;

namespace Switchyard.Tests.Delivery;

public sealed class DeliveryOptionsTests
{
    private static DeliveryOptions Parse(string section) =>
        DeliveryOptions.From(new ModuleSettings(new Dictionary<string, JsonElement> { ["delivery"] = JsonDocument.Parse(section).RootElement }));

    [Fact]
    public void Defaults_without_a_section()
    {
        var options = DeliveryOptions.From(ModuleSettings.Empty);
        Assert.Equal(10_000, options.MemoryBacklog);
        Assert.Equal(64, options.Concurrency);
        Assert.Equal("FULL", options.JournalSynchronous);
        Assert.Equal(TimeSpan.FromHours(24), options.EventRetention);
    }

    [Fact]
    public void Every_key_is_read()
    {
        var options = Parse("""
            {"initialBackoffMs": 50, "maxBackoffMs": 500, "concurrency": 8, "httpTimeoutMs": 2500, "journalSynchronous": "normal",
             "memoryBacklog": 2, "eventRetentionHours": 0.5, "recentEventCapacity": 0, "logDirectory": "/tmp/logs"}
            """);
        Assert.Equal(TimeSpan.FromMilliseconds(50), options.InitialBackoff);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.MaxBackoff);
        Assert.Equal(8, options.Concurrency);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), options.HttpTimeout);
        Assert.Equal("NORMAL", options.JournalSynchronous);
        Assert.Equal(2, options.MemoryBacklog);
        Assert.Equal(TimeSpan.FromMinutes(30), options.EventRetention);
        Assert.Equal(0, options.RecentEventCapacity);
        Assert.Equal("/tmp/logs", options.LogDirectory);
    }

    [Fact]
    public void Unknown_keys_and_bad_values_are_refused()
    {
        Assert.Throws<OptionsException>(() => Parse("""{"memoryBacklogs": 2}"""));
        Assert.Throws<OptionsException>(() => Parse("""{"journalSynchronous": "OFF"}"""));
        Assert.Equal(1, Parse("""{"memoryBacklog": 0}""").MemoryBacklog);
    }
}
