using System.Text.Json;

namespace Switchyard.Settings;

/// <summary>
/// The <c>"delivery": {...}</c> section of the config file. Backoff is configurable so that tests (and impatient
/// developers) do not wait AWS's real retry intervals.
/// </summary>
public sealed record DeliveryOptions
{
    /// <summary>Delay before the first retry; doubled on each further retry, with jitter.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of one retry delay.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How many deliveries are in flight at once.</summary>
    public int Concurrency { get; init; } = 64;

    /// <summary>Timeout of one HTTP attempt (Lambda URLs).</summary>
    public TimeSpan HttpTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// SQLite's synchronous level for the journal: FULL (default) survives a power loss, NORMAL only a crash of the
    /// process (SIGKILL included) and is faster.
    /// </summary>
    public string JournalSynchronous { get; init; } = "FULL";

    /// <summary>
    /// How many deliveries may wait in memory for a worker. Beyond that, new deliveries stay in the journal only and
    /// are read back, oldest first, as the workers catch up: a dispatcher that falls behind the intake keeps a bounded
    /// amount of memory (the journal modes only; in-memory mode has nowhere else to keep them).
    /// </summary>
    public int MemoryBacklog { get; init; } = 10_000;

    /// <summary>
    /// How long the journal keeps events that had no delivery (nothing else keeps them on disk). Trimmed at up to
    /// 10,000 events a second, so at higher sustained rates the journal grows for as long as they last.
    /// </summary>
    public TimeSpan EventRetention { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How many recently accepted events are kept, by id, for lookups.</summary>
    public int RecentEventCapacity { get; init; } = 10_000;

    /// <summary>Where log-group targets write; default DATA_DIR/logs (a temp dir in memory mode).</summary>
    public string? LogDirectory { get; init; }

    public static DeliveryOptions From(ModuleSettings modules)
    {
        var options = new DeliveryOptions();
        if (!modules.TryGet("delivery", out var section) || section.ValueKind != JsonValueKind.Object) return options;
        foreach (var property in section.EnumerateObject())
        {
            try
            {
                options = Apply(options, property);
            }
            catch (Exception error) when (error is InvalidOperationException or FormatException)
            {
                // JsonElement's getters throw these for a value of the wrong kind ("8" where 8 belongs).
                throw new OptionsException($"delivery.{property.Name} in the config file has the wrong type: {property.Value.GetRawText()}");
            }
        }
        if (options.JournalSynchronous is not ("FULL" or "NORMAL" or "EXTRA"))
            throw new OptionsException("delivery.journalSynchronous must be FULL, NORMAL or EXTRA");
        return options;
    }

    private static DeliveryOptions Apply(DeliveryOptions options, JsonProperty property)
    {
        switch (SettingNames.Canonical(property.Name))
        {
            case "initialbackoffms": options = options with { InitialBackoff = TimeSpan.FromMilliseconds(property.Value.GetDouble()) }; break;
            case "maxbackoffms": options = options with { MaxBackoff = TimeSpan.FromMilliseconds(property.Value.GetDouble()) }; break;
            case "concurrency": options = options with { Concurrency = Math.Max(1, property.Value.GetInt32()) }; break;
            case "httptimeoutms": options = options with { HttpTimeout = TimeSpan.FromMilliseconds(property.Value.GetDouble()) }; break;
            case "journalsynchronous": options = options with { JournalSynchronous = property.Value.GetString()!.ToUpperInvariant() }; break;
            case "memorybacklog": options = options with { MemoryBacklog = Math.Max(1, property.Value.GetInt32()) }; break;
            case "eventretentionhours": options = options with { EventRetention = TimeSpan.FromHours(Math.Max(0, property.Value.GetDouble())) }; break;
            case "recenteventcapacity": options = options with { RecentEventCapacity = Math.Max(0, property.Value.GetInt32()) }; break;
            case "logdirectory": options = options with { LogDirectory = property.Value.GetString() }; break;
            default: throw new OptionsException($"unknown key \"{property.Name}\" in the \"delivery\" section of the config file");
        }
        return options;
    }
}
