using System.Text.Json;

namespace Switchyard.Settings;

/// <summary>
/// The <c>"apiDestinations"</c> section of the config file. Defaults are AWS's: 3,000 connections and 3,000 API
/// destinations per account and region, and a 5-second limit on each HTTP call.
/// </summary>
public sealed record ApiDestinationSettings
{
    public const string SectionName = "apiDestinations";

    public int ConnectionsPerRegion { get; init; } = 3000;
    public int ApiDestinationsPerRegion { get; init; } = 3000;
    public TimeSpan InvocationTimeout { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>How long before its expiry an OAuth token is replaced, so a call never goes out with a token about to lapse.</summary>
    public TimeSpan TokenRefreshMargin { get; init; } = TimeSpan.FromSeconds(30);

    public static ApiDestinationSettings From(ModuleSettings modules)
    {
        var settings = new ApiDestinationSettings();
        if (!modules.TryGet(SectionName, out var section) || section.ValueKind != JsonValueKind.Object) return settings;
        foreach (var property in section.EnumerateObject())
        {
            var key = $"{SectionName}.{property.Name}";
            settings = SettingNames.Canonical(property.Name) switch
            {
                "connectionsperregion" => settings with { ConnectionsPerRegion = Positive(key, property.Value) },
                "apidestinationsperregion" => settings with { ApiDestinationsPerRegion = Positive(key, property.Value) },
                "invocationtimeoutseconds" => settings with { InvocationTimeout = TimeSpan.FromSeconds(Positive(key, property.Value)) },
                "tokenrefreshmarginseconds" => settings with { TokenRefreshMargin = TimeSpan.FromSeconds(Positive(key, property.Value)) },
                _ => throw new OptionsException($"unknown setting {key}"),
            };
        }
        return settings;
    }

    private static int Positive(string key, JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n > 0
            ? n
            : throw new OptionsException($"{key} must be a positive whole number: {value.GetRawText()}");
}
