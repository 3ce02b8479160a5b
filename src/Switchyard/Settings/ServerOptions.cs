namespace Switchyard.Settings;

/// <summary>Everything the server can be told at start: flags, SWITCHYARD_* environment variables and the config file.</summary>
public sealed record ServerOptions
{
    public string Host { get; init; } = "127.0.0.1";
    public int Port { get; init; } = 4010;
    public string DataDirectory { get; init; } = "data";
    public bool InMemory { get; init; }
    /// <summary><c>--storage sqlite|postgres</c>: SQLite files in <see cref="DataDirectory"/> (default) or the PostgreSQL
    /// database of <see cref="PostgresConnectionString"/>, which several nodes may share.</summary>
    public StorageBackendSetting Storage { get; init; } = StorageBackendSetting.Sqlite;
    /// <summary><c>--postgres</c> / SWITCHYARD_POSTGRES / <c>"postgres"</c>: an Npgsql connection string
    /// (<c>Host=…;Database=…;Username=…</c>); needed with <c>--storage postgres</c>.</summary>
    public string? PostgresConnectionString { get; init; }
    /// <summary><c>--node-id</c>: this process's name in a cluster (leases, /health); default host name and process id.</summary>
    public string? NodeId { get; init; }
    public bool UsesPostgres => Storage == StorageBackendSetting.Postgres && !InMemory;
    /// <summary>How often the resource caches look for changes committed by another process on the same database
    /// (this process's own changes are applied at once). Null, the default, polls never: a SQLite data directory has
    /// one server (its lock) and an in-memory store one process, so every change is this process's own; a shared
    /// database (issue 9) sets an interval.</summary>
    public TimeSpan? ChangeFeedPollInterval { get; init; }
    /// <summary>On a shared database: how long the resource caches may go without being confirmed current before
    /// PutEvents is refused (InternalException, retryable) rather than routed on rules another node may have changed.
    /// 1.5 s: three polls at the 500 ms default, so one slow read does not refuse events (issue 9's bound is 1 s p99
    /// for a change to be in force; NOTIFY brings it well within that while the database answers).</summary>
    public TimeSpan ChangeFeedStalenessBound { get; init; } = TimeSpan.FromMilliseconds(1500);
    public AuthModeSetting Auth { get; init; } = AuthModeSetting.Open;
    public string DefaultAccount { get; init; } = "123456789012";
    public string DefaultRegion { get; init; } = "us-east-1";
    public string LogLevel { get; init; } = "Information";
    public LogFormatSetting LogFormat { get; init; } = LogFormatSetting.Text;
    /// <summary>Whether POST /_switchyard/reset works; by default on in open mode, off in strict mode.</summary>
    public bool? EnableReset { get; init; }
    /// <summary>
    /// The Scheduler runs on a test clock an admin moves forward (<c>/_switchyard/scheduler/clock</c>): off by default.
    /// Flag <c>--scheduler-test-clock</c>, SWITCHYARD_SCHEDULER_TEST_CLOCK, or <c>"scheduler": {"testClock": true}</c>.
    /// </summary>
    public bool SchedulerTestClock { get; init; }
    public string? ConfigFile { get; init; }
    public IReadOnlyList<CredentialSetting> Credentials { get; init; } = [];
    public ServiceLimits Limits { get; init; } = new();
    /// <summary>Admin accounts, /metrics access and the unsigned-payload switch (strict mode).</summary>
    public AccessSettings Access { get; init; } = new();
    /// <summary>Sections of the config file that belong to one module (delivery, sqs, lambda, organizations, ...).</summary>
    public ModuleSettings Modules { get; init; } = ModuleSettings.Empty;

    public bool ResetEnabled => EnableReset ?? Auth == AuthModeSetting.Open;
}

public enum AuthModeSetting { Open, Strict }

public enum LogFormatSetting { Text, Json }

public sealed record CredentialSetting(string AccessKeyId, string SecretAccessKey, string AccountId, string? SessionToken);

/// <summary>AWS's default quotas; each one can be raised or lowered in the config file.</summary>
public sealed record ServiceLimits
{
    public int EventBusesPerRegion { get; init; } = 100;
    public int PolicyLength { get; init; } = 10_240;
    public int RulesPerBus { get; init; } = 300;
    public int TargetsPerRule { get; init; } = 5;
    public int EventPatternLength { get; init; } = 4096;
    public int PutEventsRequestSize { get; init; } = 1_048_576;
    public int TagsPerResource { get; init; } = 50;

    // The server's own HTTP limits (Kestrel), not AWS quotas; see README "Limits".

    /// <summary>
    /// The largest request body read; a larger one is refused with 413 before it is read. Null: twice the PutEvents
    /// limit plus 64 KiB, room for the largest valid PutEvents request once JSON escaping (a Detail is a JSON string
    /// inside JSON, so every quote in it travels as two bytes) and the envelope are added.
    /// </summary>
    public long? MaxRequestBodySize { get; init; }
    public long MaxRequestBodyBytes => MaxRequestBodySize ?? 2L * PutEventsRequestSize + 64 * 1024;
    /// <summary>Seconds a client has to send its request headers (Kestrel's RequestHeadersTimeout).</summary>
    public int RequestHeadersTimeoutSeconds { get; init; } = 10;
    /// <summary>
    /// Seconds a connection with no request in progress stays open: a new one that has sent nothing, or one between
    /// requests (Kestrel's KeepAliveTimeout). Short, so held-open idle sockets do not pile up; SDK connection pools
    /// notice the close and reconnect.
    /// </summary>
    public int KeepAliveTimeoutSeconds { get; init; } = 15;
    /// <summary>The slowest body upload tolerated after a 5 s grace period, bytes a second (Kestrel's MinRequestBodyDataRate).</summary>
    public int MinRequestBodyBytesPerSecond { get; init; } = 1024;
    /// <summary>Open connections at most; more wait in the listen backlog (Kestrel's MaxConcurrentConnections).</summary>
    public int MaxConnections { get; init; } = 1024;
}
