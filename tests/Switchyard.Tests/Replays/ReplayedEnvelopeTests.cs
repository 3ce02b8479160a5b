using System.Text;
using System.Text.Json;
using Switchyard.Delivery.Replays;
using Switchyard.Settings;

namespace Switchyard.Tests.Replays;

public sealed class ReplayedEnvelopeTests
{
    private const string Archived =
        """{"version":"0","id":"abc","detail-type":"t","source":"app","account":"123456789012","time":"2026-01-01T00:00:00Z","region":"us-east-1","resources":["r"],"detail":{"n":1,"region":"x"}}""";

    [Fact]
    public void The_replay_name_goes_after_region_and_everything_else_stays_byte_for_byte()
    {
        var replayed = ReplayedEnvelope.Create(Encoding.UTF8.GetBytes(Archived), "my-replay", out var id);
        Assert.Equal("abc", id);
        Assert.Equal(Archived.Replace("\"region\":\"us-east-1\",", "\"region\":\"us-east-1\",\"replay-name\":\"my-replay\","), Encoding.UTF8.GetString(replayed));
        var names = JsonDocument.Parse(replayed).RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(["version", "id", "detail-type", "source", "account", "time", "region", "replay-name", "resources", "detail"], names);
    }

    [Theory]
    [InlineData("[1]")]
    [InlineData("""{"version":"0"}""")]
    [InlineData("""{"id":"a","replay-name":"earlier"}""")]
    [InlineData("""{"id":"a",""")]
    public void What_is_not_an_archived_envelope_is_refused(string archived) =>
        Assert.Throws<InvalidDataException>(() => ReplayedEnvelope.Create(Encoding.UTF8.GetBytes(archived), "r", out _));

    [Fact]
    public void The_replays_section_of_the_config_file_is_read_and_checked()
    {
        static ModuleSettings Section(string json) =>
            new(new Dictionary<string, JsonElement> { ["replays"] = JsonDocument.Parse(json).RootElement.Clone() });
        Assert.Null(ReplayOptions.From(ModuleSettings.Empty).EventsPerSecond);
        var options = ReplayOptions.From(Section("""{"eventsPerSecond": 250, "page-size": 50}"""));
        Assert.Equal(250, options.EventsPerSecond);
        Assert.Equal(50, options.PageSize);
        Assert.Throws<OptionsException>(() => ReplayOptions.From(Section("""{"eventsPerSecond": 0}""")));
        Assert.Throws<OptionsException>(() => ReplayOptions.From(Section("""{"eventsPerSecond": "fast"}""")));
        Assert.Throws<OptionsException>(() => ReplayOptions.From(Section("""{"speed": 1}""")));
    }
}
