using System.Text.Json;

namespace Switchyard.Settings;

/// <summary>
/// The object-valued sections of the config file (<c>"sqs": {...}</c>, <c>"lambda": {...}</c>, <c>"organizations":
/// [...]</c>), keyed by their name without case, dashes or underscores. Each module reads its own section.
/// </summary>
public sealed class ModuleSettings(IReadOnlyDictionary<string, JsonElement> sections)
{
    public static readonly ModuleSettings Empty = new(new Dictionary<string, JsonElement>());

    public bool TryGet(string name, out JsonElement section) =>
        sections.TryGetValue(SettingNames.Canonical(name), out section);
}
