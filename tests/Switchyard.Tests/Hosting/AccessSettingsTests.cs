using Switchyard.Hosting;
using Switchyard.Settings;
using Switchyard.Cli;

namespace Switchyard.Tests.Hosting;

/// <summary>The config file's access and HTTP-limit settings: read, defaulted, and refused when wrong.</summary>
public sealed class AccessSettingsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("switchyard-access-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private ServerOptions Load(string json, params string[] flags)
    {
        var file = Path.Combine(_directory, "config.json");
        File.WriteAllText(file, json);
        return ServeCommand.LoadOptions(["--config", file, .. flags], new Dictionary<string, string?>());
    }

    [Fact]
    public void Defaults_are_closed_and_explicit()
    {
        var options = Load("{}");
        Assert.Empty(options.Access.AdminAccounts);
        Assert.False(options.Access.AllowUnsignedPayload);
        Assert.Null(options.Access.MetricsBearerToken);
        Assert.False(options.Access.MetricsPublic);
        Assert.Equal(10, options.Limits.RequestHeadersTimeoutSeconds);
        Assert.Equal(15, options.Limits.KeepAliveTimeoutSeconds);
        Assert.Equal(1024, options.Limits.MinRequestBodyBytesPerSecond);
        Assert.Equal(1024, options.Limits.MaxConnections);
    }

    [Fact]
    public void Every_setting_is_read()
    {
        var options = Load("""
            {
              "auth": { "mode": "strict", "allowUnsignedPayload": true },
              "adminAccounts": ["111122223333"],
              "metrics": { "bearerToken": "0123456789abcdef", "public": true },
              "limits": { "maxRequestBodyBytes": 5000000, "requestHeadersTimeoutSeconds": 5, "keepAliveTimeoutSeconds": 20,
                          "minRequestBodyBytesPerSecond": 0, "maxConnections": 50 }
            }
            """);
        Assert.Equal(AuthModeSetting.Strict, options.Auth);
        Assert.True(options.Access.AllowUnsignedPayload);
        Assert.Equal(["111122223333"], options.Access.AdminAccounts);
        Assert.Equal("0123456789abcdef", options.Access.MetricsBearerToken);
        Assert.True(options.Access.MetricsPublic);
        Assert.Equal(5_000_000, options.Limits.MaxRequestBodyBytes);
        Assert.Equal((5, 20, 0, 50), (options.Limits.RequestHeadersTimeoutSeconds, options.Limits.KeepAliveTimeoutSeconds,
            options.Limits.MinRequestBodyBytesPerSecond, options.Limits.MaxConnections));
    }

    [Fact]
    public void The_auth_flag_still_wins_over_the_files_auth_object()
    {
        Assert.Equal(AuthModeSetting.Open, Load("""{"auth":{"mode":"strict"}}""", "--auth", "open").Auth);
        Assert.Equal(AuthModeSetting.Strict, Load("""{"auth":"strict"}""").Auth);
    }

    [Theory]
    [InlineData("""{"adminAccounts":["12345"]}""", "adminAccounts")]
    [InlineData("""{"adminAccounts":"111122223333"}""", "adminAccounts")]
    [InlineData("""{"metrics":{"bearerToken":"short"}}""", "metrics.bearerToken")]
    [InlineData("""{"metrics":{"public":"yes"}}""", "metrics.public")]
    [InlineData("""{"metrics":{"tokn":"0123456789abcdef"}}""", "metrics.tokn")]
    [InlineData("""{"auth":{"allowUnsignedPayload":1}}""", "auth.allowUnsignedPayload")]
    [InlineData("""{"limits":{"maxRequestBodyBytes":0}}""", "maxRequestBodyBytes")]
    [InlineData("""{"limits":{"maxConnections":-1}}""", "maxConnections")]
    public void Wrong_values_stop_the_start(string json, string named)
    {
        var error = Assert.Throws<OptionsException>(() => Load(json));
        Assert.Contains(named, error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
