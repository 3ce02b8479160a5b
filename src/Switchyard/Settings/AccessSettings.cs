using System.Text.Json;

namespace Switchyard.Settings;

/// <summary>
/// Who may use the server's own endpoints, and how strictly signatures bind the body. From the config file:
/// <c>"adminAccounts": ["111122223333"]</c>, <c>"metrics": {"bearerToken": "...", "public": false}</c> and
/// <c>"auth": {"mode": "strict", "allowUnsignedPayload": false}</c> (the object form of the <c>auth</c> setting).
/// </summary>
public sealed record AccessSettings
{
    /// <summary>Accounts whose SigV4-signed requests may call <c>/_switchyard/*</c> (and read /metrics) in strict mode.</summary>
    public IReadOnlyList<string> AdminAccounts { get; init; } = [];
    /// <summary>Strict mode: accept <c>x-amz-content-sha256: UNSIGNED-PAYLOAD</c> (a signature that does not cover the body).</summary>
    public bool AllowUnsignedPayload { get; init; }
    /// <summary>A bearer token that opens <c>GET /metrics</c> (for a Prometheus scraper), beside an admin signature.</summary>
    public string? MetricsBearerToken { get; init; }
    /// <summary><c>GET /metrics</c> open to anyone, even in strict mode.</summary>
    public bool MetricsPublic { get; init; }

    public static AccessSettings Read(JsonElement root)
    {
        var settings = new AccessSettings();
        foreach (var property in root.EnumerateObject())
        {
            switch (SettingNames.Canonical(property.Name))
            {
                case "adminaccounts":
                    if (property.Value.ValueKind != JsonValueKind.Array)
                        throw new OptionsException("adminAccounts must be a list of 12-digit account ids");
                    settings = settings with
                    {
                        AdminAccounts = property.Value.EnumerateArray().Select(a => a.ValueKind == JsonValueKind.String
                                && a.GetString() is { Length: 12 } id && id.All(char.IsAsciiDigit)
                            ? id
                            : throw new OptionsException($"adminAccounts: an account id has 12 digits: {a.GetRawText()}")).ToList(),
                    };
                    break;
                case "metrics" when property.Value.ValueKind == JsonValueKind.Object:
                    foreach (var item in property.Value.EnumerateObject())
                    {
                        settings = SettingNames.Canonical(item.Name) switch
                        {
                            "bearertoken" => settings with
                            {
                                MetricsBearerToken = item.Value.ValueKind == JsonValueKind.String && item.Value.GetString() is { Length: >= 16 } token
                                    ? token
                                    : throw new OptionsException("metrics.bearerToken must be a string of at least 16 characters"),
                            },
                            "public" => settings with { MetricsPublic = Bool("metrics.public", item.Value) },
                            _ => throw new OptionsException($"unknown setting: metrics.{item.Name}"),
                        };
                    }
                    break;
                case "auth" when property.Value.ValueKind == JsonValueKind.Object:
                    foreach (var item in property.Value.EnumerateObject())
                    {
                        settings = SettingNames.Canonical(item.Name) switch
                        {
                            "allowunsignedpayload" => settings with { AllowUnsignedPayload = Bool("auth.allowUnsignedPayload", item.Value) },
                            "mode" => settings, // read by ServerOptionsLoader with the other scalar settings
                            _ => throw new OptionsException($"unknown setting: auth.{item.Name}"),
                        };
                    }
                    break;
            }
        }
        return settings;
    }

    /// <summary>The mode of an object-valued <c>auth</c> setting (<c>{"mode": "strict", ...}</c>), if it names one.</summary>
    public static string? AuthMode(JsonElement root)
    {
        foreach (var property in root.EnumerateObject())
        {
            if (SettingNames.Canonical(property.Name) != "auth" || property.Value.ValueKind != JsonValueKind.Object) continue;
            foreach (var item in property.Value.EnumerateObject())
            {
                if (SettingNames.Canonical(item.Name) == "mode")
                    return item.Value.ValueKind == JsonValueKind.String ? item.Value.GetString() : throw new OptionsException("auth.mode must be open or strict");
            }
        }
        return null;
    }

    private static bool Bool(string name, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new OptionsException($"{name} must be true or false"),
    };
}
