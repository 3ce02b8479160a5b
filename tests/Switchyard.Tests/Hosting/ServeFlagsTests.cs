using Switchyard.Cli;
using Switchyard.Hosting;
using Switchyard.Settings;

namespace Switchyard.Tests.Hosting;

/// <summary>The serve command's flags keep the precedence flags &gt; SWITCHYARD_* &gt; config file.</summary>
public sealed class ServeFlagsTests
{
    [Fact]
    public void Only_the_flags_given_are_settings()
    {
        Assert.Empty(ServeCommand.ParseFlags([]));
        var settings = ServeCommand.ParseFlags(["--port", "5000", "--in-memory", "--data-dir=d", "--log-format", "json"]);
        Assert.Equal(new Dictionary<string, string> { ["port"] = "5000", ["inmemory"] = "true", ["datadir"] = "d", ["logformat"] = "json" }, settings);
        Assert.Equal("false", ServeCommand.ParseFlags(["--enable-reset", "false"])["enablereset"]);
    }

    [Fact]
    public void An_absent_switch_does_not_hide_the_environment_or_the_config_file()
    {
        var config = Path.Combine(Path.GetTempPath(), $"switchyard-flags-{Guid.NewGuid():N}.json");
        File.WriteAllText(config, """{ "inMemory": true, "port": 4100 }""");
        try
        {
            var options = ServeCommand.LoadOptions(["--config", config], new Dictionary<string, string?> { ["SWITCHYARD_ENABLE_RESET"] = "false" });
            Assert.True(options.InMemory);
            Assert.Equal(4100, options.Port);
            Assert.False(options.ResetEnabled);
            Assert.Equal(5, ServeCommand.LoadOptions(["--config", config, "--port", "5"], new Dictionary<string, string?>()).Port);
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public void Credentials_take_a_null_session_token_and_refuse_a_number()
    {
        var config = Path.Combine(Path.GetTempPath(), $"switchyard-flags-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(config, """{ "credentials": [ { "accessKeyId": "AK", "secretAccessKey": "s", "accountId": "111122223333", "sessionToken": null } ] }""");
            Assert.Null(Assert.Single(ServeCommand.LoadOptions(["--config", config], new Dictionary<string, string?>()).Credentials).SessionToken);
            File.WriteAllText(config, """{ "credentials": [ { "accessKeyId": "AK", "secretAccessKey": 5, "accountId": "111122223333" } ] }""");
            Assert.Contains("secretAccessKey", Assert.Throws<OptionsException>(() => ServeCommand.LoadOptions(["--config", config], new Dictionary<string, string?>())).Message);
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Theory]
    [InlineData("--prot")]
    [InlineData("--port")]
    [InlineData("stray")]
    public void A_flag_mistake_is_an_options_error(string arg) =>
        Assert.Throws<OptionsException>(() => ServeCommand.ParseFlags([arg]));

    [Fact]
    public void Relative_paths_are_relative_to_the_working_directory()
    {
        var options = ServeCommand.LoadOptions(["--data-dir", "some/dir"], new Dictionary<string, string?>());
        Assert.Equal(Path.Combine(Environment.CurrentDirectory, "some", "dir"), options.DataDirectory);
    }

    [Theory]
    [InlineData("--log-level", "Loud")]
    [InlineData("--log-level", "7")]
    [InlineData("--log-format", "xml")]
    public void Log_settings_are_checked(string flag, string value) =>
        Assert.Throws<OptionsException>(() => ServeCommand.LoadOptions([flag, value], new Dictionary<string, string?>()));
}
