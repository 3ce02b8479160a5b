using System.Globalization;
using System.Text.Json;

namespace Switchyard.Hosting;

/// <summary>
/// Reads <see cref="ServerOptions"/> from, in rising precedence: defaults, the config file (JSON), SWITCHYARD_*
/// environment variables, command-line flags. Keys are matched without case, dashes or underscores, so
/// <c>--data-dir</c>, <c>SWITCHYARD_DATA_DIR</c> and <c>"dataDir"</c> are one setting.
/// </summary>
public static class ServerOptionsLoader
{
    private static readonly HashSet<string> BooleanFlags = ["inmemory", "enablereset"];

    private static readonly HashSet<string> KnownSettings =
        ["host", "port", "datadir", "inmemory", "auth", "defaultaccount", "defaultregion", "loglevel", "enablereset", "config"];

    public static ServerOptions Load(IReadOnlyList<string> flags, IDictionary<string, string?> environment)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        var flagSettings = ParseFlags(flags);
        var envSettings = new Dictionary<string, string>();
        foreach (var (name, value) in environment)
        {
            // Other tools share the SWITCHYARD_ prefix (test harnesses, scripts): only known settings are read.
            if (value is not null && name.StartsWith("SWITCHYARD_", StringComparison.OrdinalIgnoreCase)
                && KnownSettings.Contains(Canonical(name["SWITCHYARD_".Length..])))
                envSettings[Canonical(name["SWITCHYARD_".Length..])] = value;
        }

        var configFile = flagSettings.GetValueOrDefault("config") ?? envSettings.GetValueOrDefault("config");
        JsonElement? fileRoot = null;
        if (configFile is not null)
        {
            if (!File.Exists(configFile)) throw new OptionsException($"config file not found: {configFile}");
            using var document = JsonDocument.Parse(File.ReadAllText(configFile),
                new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            fileRoot = document.RootElement.Clone();
            // "auth": {"mode": "strict", ...} names the mode like "auth": "strict" does.
            if (AccessSettings.AuthMode(fileRoot.Value) is { } mode) settings["auth"] = mode;
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

        var options = new ServerOptions { ConfigFile = configFile };
        foreach (var (key, value) in settings)
        {
            options = key switch
            {
                "host" => options with { Host = value },
                "port" => options with { Port = ParseInt(key, value) },
                "datadir" => options with { DataDirectory = value },
                "inmemory" => options with { InMemory = ParseBool(key, value) },
                "auth" => options with { Auth = ParseAuth(value) },
                "defaultaccount" => options with { DefaultAccount = ParseAccount(value) },
                "defaultregion" => options with { DefaultRegion = value },
                "loglevel" => options with { LogLevel = value },
                "enablereset" => options with { EnableReset = ParseBool(key, value) },
                "config" => options,
                _ => throw new OptionsException($"unknown setting: {key}"),
            };
        }
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

    private static Dictionary<string, string> ParseFlags(IReadOnlyList<string> flags)
    {
        var result = new Dictionary<string, string>();
        for (var i = 0; i < flags.Count; i++)
        {
            var flag = flags[i];
            if (!flag.StartsWith("--", StringComparison.Ordinal)) throw new OptionsException($"unexpected argument: {flag}");
            var name = flag[2..];
            string? value = null;
            var equals = name.IndexOf('=');
            if (equals >= 0) (name, value) = (name[..equals], name[(equals + 1)..]);
            var key = Canonical(name);
            if (value is null)
            {
                if (BooleanFlags.Contains(key)) value = "true";
                else if (i + 1 < flags.Count) value = flags[++i];
                else throw new OptionsException($"flag --{name} needs a value");
            }
            result[key] = value;
        }
        return result;
    }

    private static IReadOnlyList<CredentialSetting> ReadCredentials(JsonElement root)
    {
        var list = new List<CredentialSetting>();
        foreach (var property in root.EnumerateObject())
        {
            if (Canonical(property.Name) != "credentials") continue;
            foreach (var item in property.Value.EnumerateArray())
            {
                string? Get(string name) => item.EnumerateObject()
                    .Where(p => Canonical(p.Name) == name).Select(p => p.Value.GetString()).FirstOrDefault();
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
            foreach (var limit in property.Value.EnumerateObject())
            {
                if (Canonical(limit.Name) == "maxrequestbodybytes")
                {
                    limits = limits with { MaxRequestBodySize = limit.Value.TryGetInt64(out var bytes) && bytes > 0
                        ? bytes : throw new OptionsException($"limits.{limit.Name} must be a positive number of bytes") };
                    continue;
                }
                var value = limit.Value.GetInt32();
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

    public static string Canonical(string name) =>
        new string(name.Where(c => c != '-' && c != '_').ToArray()).ToLowerInvariant();

    private static int ParseInt(string key, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new OptionsException($"{key} must be a number: {value}");

    private static bool ParseBool(string key, string value) => value.ToLowerInvariant() switch
    {
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => throw new OptionsException($"{key} must be true or false: {value}"),
    };

    private static AuthModeSetting ParseAuth(string value) => value.ToLowerInvariant() switch
    {
        "open" => AuthModeSetting.Open,
        "strict" => AuthModeSetting.Strict,
        _ => throw new OptionsException($"auth must be open or strict: {value}"),
    };

    private static string ParseAccount(string value) =>
        value.Length == 12 && value.All(char.IsAsciiDigit) ? value : throw new OptionsException($"an account id has 12 digits: {value}");
}

public sealed class OptionsException(string message) : Exception(message);
