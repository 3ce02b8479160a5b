using Microsoft.AspNetCore.Builder;
using Switchyard.Settings;

namespace Switchyard.Hosting;

/// <summary>
/// The server's console log: one line per entry (<c>--log-format text</c>) or one JSON object per line for log
/// shippers (<c>--log-format json</c>), UTC timestamps, at <c>--log-level</c>.
/// </summary>
public static class ServerLogging
{
    private const string TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";

    public static void Configure(ILoggingBuilder logging, ServerOptions options)
    {
        logging.ClearProviders();
        if (options.LogFormat == LogFormatSetting.Json)
        {
            logging.AddJsonConsole(json =>
            {
                json.TimestampFormat = TimestampFormat;
                json.UseUtcTimestamp = true;
                json.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
            });
        }
        else
        {
            logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = TimestampFormat + " ";
                console.UseUtcTimestamp = true;
            });
        }
        // The loader has checked the name; a ServerOptions built in code may still carry anything.
        var level = Enum.TryParse<LogLevel>(options.LogLevel, ignoreCase: true, out var parsed) ? parsed : LogLevel.Information;
        logging.SetMinimumLevel(level);
        // ASP.NET's own per-request lines drown the server's; keep them at warning unless asked for trace.
        if (level > LogLevel.Trace)
        {
            logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
            logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        }
    }

    /// <summary>Logs, once at start, what an operator must know about where the server listens.</summary>
    public static void WarnIfOpenToNetwork(ILogger logger, ServerOptions options)
    {
        if (options.Auth == AuthModeSetting.Open && ListenAddress.BeyondLoopback(options.Host))
        {
            logger.LogWarning("listening on {Host} beyond loopback in open mode: anyone who can reach port {Port} can act as any account"
                + " (use --auth strict with credentials, or --host 127.0.0.1)", options.Host, options.Port);
        }
    }
}
