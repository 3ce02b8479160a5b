using System.Globalization;
using System.Text.Json;
using Switchyard.Settings;
using static Switchyard.Settings.SettingNames;

namespace Switchyard.Hosting;

/// <summary>
/// Reads <see cref="ServerOptions"/> from, in rising precedence: defaults, the config file (JSON), SWITCHYARD_*
/// environment variables, command-line flags. Keys are matched without case, dashes or underscores, so
/// <c>--data-dir</c>, <c>SWITCHYARD_DATA_DIR</c> and <c>"dataDir"</c> are one setting.
/// </summary>
public static class ServerOptionsLoader
{
    private static readonly HashSet<string> KnownSettings =
        ["host", "port", "datadir", "inmemory", "storage", "postgres", "nodeid", "changefeedstalenessms", "auth", "defaultaccount", "defaultregion", "loglevel", "logformat", "enablereset", "schedulertestclock", "config"];

    /// <param name="flagSettings">The flags given, by canonical name.</param>
    public static ServerOptions Load(IReadOnlyDictionary<string, string> flagSettings, IDictionary<string, string?> environment)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        var envSettings = new Dictionary<string, string>();
        foreach (var (name, value) in environment)
        {
            // Other tools share the SWITCHYARD_ prefix (test harnesses, scripts): only known settings are read.
            if (value is not null && name.StartsWith("SWITCHYARD_", StringComparison.OrdinalIgnoreCase)
                && KnownSettings.Contains(Canonical(name["SWITCHYARD_".Length..])))
                envSettings[Canonical(name["SWITCHYARD_".Length..])] = value;
        }

        // Relative paths mean relative to where the user ran the command (the working directory).
        var configFile = flagSettings.GetValueOrDefault("config") ?? envSettings.GetValueOrDefault("config");
        if (configFile is not null) configFile = Path.GetFullPath(configFile);
        JsonElement? fileRoot = null;
        if (configFile is not null)
        {
            if (!File.Exists(configFile)) throw new OptionsException($"config file not found: {configFile}; check the path given to --config");
            fileRoot = ReadConfigFile(configFile);
            // "auth": {"mode": "strict", ...} names the mode like "auth": "strict" does.
            if (AccessSettings.AuthMode(fileRoot.Value) is { } mode) settings["auth"] = mode;
            // "scheduler": {"testClock": true} is the section form of "schedulerTestClock": true.
            if (SchedulerSection(fileRoot.Value) is { } testClock) settings["schedulertestclock"] = testClock;
            foreach (var property in fileRoot.Value.EnumerateObject())
            {
                if (property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
                    settings[Canonical(property.Name)] = property.Value.ValueKind == JsonValueKind.String
                        ? property.Value.GetString()!
                        : property.Value.GetRawText();
            }
        }
        foreach (var (k, v) in envSettings) settings[k] = v;
        foreach (var (k, v) in flagSettings) settings[k] = v;

        var options = new ServerOptions { ConfigFile = configFile, DataDirectory = Path.GetFullPath(new ServerOptions().DataDirectory) };
        foreach (var (key, value) in settings)
        {
            options = key switch
            {
                "host" => options with { Host = value },
                "port" => options with { Port = ParseInt(key, value) },
                "datadir" => options with { DataDirectory = Path.GetFullPath(value) },
                "inmemory" => options with { InMemory = ParseBool(key, value) },
                "storage" => options with { Storage = ParseStorage(value) },
                "postgres" => options with { PostgresConnectionString = value },
                "nodeid" => options with { NodeId = ParseNodeId(value) },
                "changefeedstalenessms" => options with { ChangeFeedStalenessBound = TimeSpan.FromMilliseconds(
                    ParseInt(key, value) is > 0 and var ms ? ms : throw new OptionsException($"change-feed-staleness-ms must be at least 1: {value}")) },
                "auth" => options with { Auth = ParseAuth(value) },
                "defaultaccount" => options with { DefaultAccount = ParseAccount(value) },
                "defaultregion" => options with { DefaultRegion = value },
                "loglevel" => options with { LogLevel = ParseLogLevel(value) },
                "logformat" => options with { LogFormat = ParseLogFormat(value) },
                "enablereset" => options with { EnableReset = ParseBool(key, value) },
                "schedulertestclock" => options with { SchedulerTestClock = ParseBool("scheduler-test-clock", value) },
                "config" => options,
                _ => throw new OptionsException($"unknown setting: {key}"),
            };
        }
        if (options.Storage == StorageBackendSetting.Postgres && !options.InMemory && string.IsNullOrWhiteSpace(options.PostgresConnectionString))
            throw new OptionsException("--storage postgres needs a connection string: --postgres \"Host=...;Database=...;Username=...\" (or SWITCHYARD_POSTGRES)");
        if (fileRoot is { } root)
        {
            options = options with
            {
                Credentials = ReadCredentials(root),
                Limits = ReadLimits(root, options.Limits),
                Access = AccessSettings.Read(root),
                Modules = new ModuleSettings(root.EnumerateObject()
                    .Where(p => p.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                    .ToDictionary(p => Canonical(p.Name), p => p.Value.Clone())),
            };
        }
        return options;
    }

    private static JsonElement ReadConfigFile(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path),
                new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new OptionsException($"config file {path} must hold a JSON object ({{ \"port\": 4010, ... }}), not {document.RootElement.ValueKind}");
            return document.RootElement.Clone();
        }
        catch (JsonException error)
        {
            throw new OptionsException($"config file {path} is not valid JSON (line {error.LineNumber + 1}, byte {error.BytePositionInLine + 1}): fix the file");
        }
        catch (IOException error)
        {
            throw new OptionsException($"config file {path} cannot be read: {error.Message}");
        }
        catch (UnauthorizedAccessException error)
        {
            throw new OptionsException($"config file {path} cannot be read: {error.Message}");
        }
    }

    /// <summary>The <c>testClock</c> of a <c>"scheduler": {...}</c> section, as setting text; other keys are refused.</summary>
    private static string? SchedulerSection(JsonElement root)
    {
        string? testClock = null;
        foreach (var property in root.EnumerateObject())
        {
            if (Canonical(property.Name) != "scheduler") continue;
            if (property.Value.ValueKind != JsonValueKind.Object) throw new OptionsException("\"scheduler\" in the config file must be an object");
            foreach (var item in property.Value.EnumerateObject())
            {
                testClock = Canonical(item.Name) == "testclock"
                    ? item.Value.ValueKind is JsonValueKind.True or JsonValueKind.False
                        ? item.Value.GetRawText()
                        : throw new OptionsException("scheduler.testClock must be true or false")
                    : throw new OptionsException($"unknown setting: scheduler.{item.Name}");
            }
        }
        return testClock;
    }

    private static IReadOnlyList<CredentialSetting> ReadCredentials(JsonElement root)
    {
        var list = new List<CredentialSetting>();
        foreach (var property in root.EnumerateObject())
        {
            if (Canonical(property.Name) != "credentials") continue;
            if (property.Value.ValueKind != JsonValueKind.Array) throw new OptionsException("\"credentials\" in the config file must be an array");
            foreach (var item in property.Value.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object) throw new OptionsException("each entry of \"credentials\" must be an object");
                string? Get(string name) => item.EnumerateObject()
                    .Where(p => Canonical(p.Name) == name)
                    .Select(p => p.Value.ValueKind switch
                    {
                        JsonValueKind.String => p.Value.GetString(),
                        JsonValueKind.Null => null,
                        _ => throw new OptionsException($"credential field {p.Name} must be a string"),
                    }).FirstOrDefault();
                var keyId = Get("accesskeyid") ?? throw new OptionsException("a credential needs accessKeyId");
                list.Add(new CredentialSetting(keyId,
                    Get("secretaccesskey") ?? throw new OptionsException($"credential {keyId} needs secretAccessKey"),
                    ParseAccount(Get("accountid") ?? throw new OptionsException($"credential {keyId} needs accountId")),
                    Get("sessiontoken")));
            }
        }
        return list;
    }

    private static ServiceLimits ReadLimits(JsonElement root, ServiceLimits limits)
    {
        foreach (var property in root.EnumerateObject())
        {
            if (Canonical(property.Name) != "limits") continue;
            if (property.Value.ValueKind != JsonValueKind.Object) throw new OptionsException("\"limits\" in the config file must be an object");
            foreach (var limit in property.Value.EnumerateObject())
            {
                if (Canonical(limit.Name) == "maxrequestbodybytes")
                {
                    limits = limits with { MaxRequestBodySize = limit.Value.TryGetInt64(out var bytes) && bytes > 0
                        ? bytes : throw new OptionsException($"limits.{limit.Name} must be a positive number of bytes") };
                    continue;
                }
                if (limit.Value.ValueKind != JsonValueKind.Number || !limit.Value.TryGetInt32(out var value))
                    throw new OptionsException($"limit {limit.Name} must be a whole number: {limit.Value.GetRawText()}");
                limits = Canonical(limit.Name) switch
                {
                    "requestheaderstimeoutseconds" => limits with { RequestHeadersTimeoutSeconds = Positive(limit.Name, value) },
                    "keepalivetimeoutseconds" => limits with { KeepAliveTimeoutSeconds = Positive(limit.Name, value) },
                    "minrequestbodybytespersecond" => limits with { MinRequestBodyBytesPerSecond = value >= 0 ? value : Positive(limit.Name, value) },
                    "maxconnections" => limits with { MaxConnections = Positive(limit.Name, value) },
                    "eventbusesperregion" => limits with { EventBusesPerRegion = value },
                    "policylength" => limits with { PolicyLength = value },
                    "rulesperbus" => limits with { RulesPerBus = value },
                    "targetsperrule" => limits with { TargetsPerRule = value },
                    "eventpatternlength" => limits with { EventPatternLength = value },
                    "puteventsrequestsize" => limits with { PutEventsRequestSize = value },
                    "tagsperresource" => limits with { TagsPerResource = value },
                    _ => throw new OptionsException($"unknown limit: {limit.Name}"),
                };
            }
        }
        return limits;
    }

    private static int Positive(string name, int value) =>
        value > 0 ? value : throw new OptionsException($"limits.{name} must be a positive number: {value}");

    private static int ParseInt(string key, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && (key != "port" || n <= 65535)
            ? n
            : throw new OptionsException(key == "port" ? $"port must be a number from 0 to 65535: {value}" : $"{key} must be a number: {value}");

    private static string ParseLogLevel(string value) =>
        Enum.TryParse<LogLevel>(value, ignoreCase: true, out var level) && Enum.IsDefined(level) && !int.TryParse(value, out _)
            ? level.ToString()
            : throw new OptionsException($"log-level must be Trace, Debug, Information, Warning, Error, Critical or None: {value}");

    private static LogFormatSetting ParseLogFormat(string value) => value.ToLowerInvariant() switch
    {
        "text" => LogFormatSetting.Text,
        "json" => LogFormatSetting.Json,
        _ => throw new OptionsException($"log-format must be text or json: {value}"),
    };

    private static bool ParseBool(string key, string value) => value.ToLowerInvariant() switch
    {
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => throw new OptionsException($"{key} must be true or false: {value}"),
    };

    private static StorageBackendSetting ParseStorage(string value) => value.ToLowerInvariant() switch
    {
        "sqlite" => StorageBackendSetting.Sqlite,
        "postgres" or "postgresql" => StorageBackendSetting.Postgres,
        _ => throw new OptionsException($"storage must be sqlite or postgres: {value}"),
    };

    /// <summary>A node id is stored in lease and queue rows and shown in /health: printable ASCII, at most 128 characters.</summary>
    private static string ParseNodeId(string value) =>
        value.Length is > 0 and <= 128 && value.All(c => c is > ' ' and < (char)127)
            ? value
            : throw new OptionsException($"node-id must be 1 to 128 printable ASCII characters without spaces: {value}");

    private static AuthModeSetting ParseAuth(string value) => value.ToLowerInvariant() switch
    {
        "open" => AuthModeSetting.Open,
        "strict" => AuthModeSetting.Strict,
        _ => throw new OptionsException($"auth must be open or strict: {value}"),
    };

    private static string ParseAccount(string value) =>
        value.Length == 12 && value.All(char.IsAsciiDigit) ? value : throw new OptionsException($"an account id has 12 digits: {value}");
}
