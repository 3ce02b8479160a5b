using System.Text.Json;

namespace Switchyard.Settings;

/// <summary>
/// The <c>"replays": {...}</c> section of the config file. Replays run as fast as the journal takes their events
/// unless paced here, for users who want to protect a consumer.
/// </summary>
public sealed record ReplayOptions
{
    /// <summary>At most this many replayed events a second per replay; null (the default) for no pacing.</summary>
    public double? EventsPerSecond { get; init; }

    /// <summary>How many archived events one read takes (one journal commit each).</summary>
    public int PageSize { get; init; } = 500;

    public static ReplayOptions From(ModuleSettings modules)
    {
        var options = new ReplayOptions();
        if (!modules.TryGet("replays", out var section) || section.ValueKind != JsonValueKind.Object) return options;
        foreach (var property in section.EnumerateObject())
        {
            try
            {
                options = SettingNames.Canonical(property.Name) switch
                {
                    "eventspersecond" => options with { EventsPerSecond = Positive(property) },
                    "pagesize" => options with { PageSize = Math.Clamp(property.Value.GetInt32(), 1, 10_000) },
                    _ => throw new OptionsException($"unknown key \"{property.Name}\" in the \"replays\" section of the config file"),
                };
            }
            catch (Exception error) when (error is InvalidOperationException or FormatException)
            {
                throw new OptionsException($"replays.{property.Name} in the config file has the wrong type: {property.Value.GetRawText()}");
            }
        }
        return options;
    }

    private static double Positive(JsonProperty property)
    {
        var value = property.Value.GetDouble();
        return value > 0 ? value : throw new OptionsException($"replays.{property.Name} must be a number above 0");
    }
}
