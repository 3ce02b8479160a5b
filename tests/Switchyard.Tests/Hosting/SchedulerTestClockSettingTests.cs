using Switchyard.Cli;
using Switchyard.Settings;

namespace Switchyard.Tests.Hosting;

/// <summary>
/// The Scheduler test clock setting: off by default; on by flag, SWITCHYARD_SCHEDULER_TEST_CLOCK, or the config file
/// (<c>"scheduler": {"testClock": true}</c> or <c>"schedulerTestClock": true</c>), with the usual precedence.
/// </summary>
public sealed class SchedulerTestClockSettingTests : IDisposable
{
    private readonly string _config = Path.Combine(Path.GetTempPath(), $"switchyard-test-clock-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(_config);

    private static readonly Dictionary<string, string?> NoEnvironment = [];

    [Fact]
    public void It_is_off_by_default()
    {
        Assert.False(ServeCommand.LoadOptions([], NoEnvironment).SchedulerTestClock);
        Assert.False(ServeCommand.LoadOptions(["--in-memory"], NoEnvironment).SchedulerTestClock);
    }

    [Fact]
    public void The_flag_and_the_environment_turn_it_on()
    {
        Assert.Equal("true", ServeCommand.ParseFlags(["--scheduler-test-clock"])["schedulertestclock"]);
        Assert.True(ServeCommand.LoadOptions(["--scheduler-test-clock"], NoEnvironment).SchedulerTestClock);
        Assert.True(ServeCommand.LoadOptions([], new Dictionary<string, string?> { ["SWITCHYARD_SCHEDULER_TEST_CLOCK"] = "true" }).SchedulerTestClock);
        Assert.False(ServeCommand.LoadOptions(["--scheduler-test-clock", "false"],
            new Dictionary<string, string?> { ["SWITCHYARD_SCHEDULER_TEST_CLOCK"] = "true" }).SchedulerTestClock);
    }

    [Theory]
    [InlineData("""{ "scheduler": { "testClock": true } }""")]
    [InlineData("""{ "Scheduler": { "test-clock": true } }""")]
    [InlineData("""{ "schedulerTestClock": true }""")]
    public void The_config_file_turns_it_on(string config)
    {
        File.WriteAllText(_config, config);
        Assert.True(ServeCommand.LoadOptions(["--config", _config], NoEnvironment).SchedulerTestClock);
    }

    [Fact]
    public void The_environment_and_the_flag_win_over_the_config_file()
    {
        File.WriteAllText(_config, """{ "scheduler": { "testClock": true } }""");
        Assert.False(ServeCommand.LoadOptions(["--config", _config],
            new Dictionary<string, string?> { ["SWITCHYARD_SCHEDULER_TEST_CLOCK"] = "false" }).SchedulerTestClock);
        File.WriteAllText(_config, """{ "scheduler": { "testClock": false } }""");
        Assert.True(ServeCommand.LoadOptions(["--config", _config, "--scheduler-test-clock"], NoEnvironment).SchedulerTestClock);
    }

    [Theory]
    [InlineData("""{ "scheduler": { "testClock": "yes" } }""", "scheduler.testClock must be true or false")]
    [InlineData("""{ "scheduler": { "testclocks": true } }""", "unknown setting: scheduler.testclocks")]
    [InlineData("""{ "scheduler": true }""", "\"scheduler\" in the config file must be an object")]
    public void A_wrong_config_value_is_an_options_error(string config, string message)
    {
        File.WriteAllText(_config, config);
        Assert.Equal(message, Assert.Throws<OptionsException>(() => ServeCommand.LoadOptions(["--config", _config], NoEnvironment)).Message);
    }

    [Fact]
    public void A_wrong_environment_value_is_an_options_error() =>
        Assert.Contains("scheduler-test-clock must be true or false",
            Assert.Throws<OptionsException>(() => ServeCommand.LoadOptions([],
                new Dictionary<string, string?> { ["SWITCHYARD_SCHEDULER_TEST_CLOCK"] = "maybe" })).Message);
}
